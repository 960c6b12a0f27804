package dev.pedigree.samples.churn;

import dev.pedigree.samples.ml.WeekConditions;
import java.util.Map;

/**
 * Which faults the simulation injects in which week. The standard plan: weeks 1, 2, 4 and 6
 * healthy; week 3's export swaps two contract codes (drift no range check catches; the gate
 * rejects the model); week 5's outcomes are 15% mislabelled (the model's ranking survives, so
 * the AUC gate passes it, but its probabilities are off; monitoring in week 6 sees that on live
 * outcomes and rolls production back).
 */
record WeekPlan(Map<Integer, WeekConditions> faults) {
  WeekPlan {
    faults = Map.copyOf(faults);
  }

  static final int DRIFT_WEEK = 3;
  static final int NOISE_WEEK = 5;
  static final double NOISE = 0.15;

  static WeekPlan standard() {
    return new WeekPlan(Map.of(DRIFT_WEEK, WeekConditions.swappedContractCodes(), NOISE_WEEK,
        WeekConditions.labelNoise(NOISE)));
  }

  WeekConditions conditions(int week) {
    return faults.getOrDefault(week, WeekConditions.healthy());
  }
}
