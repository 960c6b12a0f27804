package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * A canary analysis's conclusion on one metric.
 *
 * @param metric the metric's name
 * @param decision promote, roll back or inconclusive
 * @param pValue the one-sided Mann–Whitney U p-value for "the canary is worse than the baseline
 *     by more than allowed" ({@code NaN} when the test was not run)
 * @param baselineMedian the baseline's median ({@code NaN} without samples)
 * @param canaryMedian the canary's median ({@code NaN} without samples)
 * @param baselineSamples how many baseline samples there were
 * @param canarySamples how many canary samples there were
 * @param reason a sentence for people
 */
public record MetricJudgement(String metric, CanaryDecision decision, double pValue, double baselineMedian,
    double canaryMedian, int baselineSamples, int canarySamples, String reason) {
  /** Validates the fields. */
  public MetricJudgement {
    InvalidRequestException.requireNonNull(metric, "metric");
    InvalidRequestException.requireNonNull(decision, "decision");
    InvalidRequestException.requireNonNull(reason, "reason");
  }
}
