package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Customer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The integration check in staging: the staged model, loaded from the repository as a service
 * would load it, scores a fixed batch of customers; every score must be a probability, the
 * scores must vary, and the mean predicted churn must be plausible (2% to 60%).
 */
final class IntegrationCheck {
  private final ChurnStages stages;
  private final List<Customer> batch;

  /** The outcome, with the figures it rests on. */
  record Result(boolean passed, String message, int scored, double meanChurnProbability) {
  }

  IntegrationCheck(ChurnStages stages, List<Customer> batch) {
    this.stages = stages;
    this.batch = List.copyOf(batch);
  }

  Result run(ArtifactVersion staged) {
    ChurnModel model;
    try {
      model = stages.loadModel(staged);
    } catch (RuntimeException e) {
      return new Result(false, "cannot load " + staged.id() + ": " + e.getMessage(), 0, Double.NaN);
    }
    double[] p = model.churnProbabilities(batch);
    long invalid = Arrays.stream(p).filter(x -> !(x >= 0 && x <= 1)).count();
    long distinct = Arrays.stream(p).map(x -> Math.round(x * 1e6) / 1e6).distinct().count();
    double mean = Arrays.stream(p).average().orElse(Double.NaN);
    boolean passed = invalid == 0 && distinct > 10 && mean >= 0.02 && mean <= 0.6;
    String message = String.format(Locale.ROOT, "%s scored %d fixed customers: %d invalid scores, %d distinct,"
        + " mean churn probability %.3f", staged.id(), p.length, invalid, distinct, mean);
    return new Result(passed, message, p.length, mean);
  }
}
