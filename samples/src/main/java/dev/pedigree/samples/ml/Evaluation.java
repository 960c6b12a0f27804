package dev.pedigree.samples.ml;

/**
 * How well a model scored on labelled data.
 *
 * @param auc the area under the ROC curve, 0 to 1 (higher is better)
 * @param logLoss the mean log loss, 0 or more (lower is better)
 * @param rows how many rows were scored
 */
public record Evaluation(double auc, double logLoss, int rows) {
  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public Evaluation {
    if (!(auc >= 0 && auc <= 1) || !(logLoss >= 0) || Double.isInfinite(logLoss) || rows < 1) {
      throw new IllegalArgumentException("Cannot record evaluation auc=" + auc + ", logLoss=" + logLoss + ", rows="
          + rows + ": auc must be in [0, 1], log loss finite and 0 or more, rows 1 or more");
    }
  }
}
