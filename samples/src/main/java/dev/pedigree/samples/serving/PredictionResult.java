package dev.pedigree.samples.serving;

import java.util.Objects;

/**
 * One prediction.
 *
 * @param customerId the request's customer id, or {@code "request"}
 * @param churnProbability the probability that the customer leaves
 * @param churn whether that probability reaches {@link Predictor#THRESHOLD}
 * @param modelVersion the model version that served the request
 */
public record PredictionResult(String customerId, double churnProbability, boolean churn, String modelVersion) {
  /** Checks the fields. */
  public PredictionResult {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    if (!(churnProbability >= 0 && churnProbability <= 1)) {
      throw new IllegalArgumentException("A churn probability must be in [0, 1], was " + churnProbability);
    }
  }
}
