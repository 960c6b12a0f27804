package dev.pedigree.gates;

/** Which way a metric improves, for comparisons with a baseline. */
public enum MetricDirection {
  /** Larger is better (AUC, accuracy, recall); a drop is a degradation. */
  HIGHER_IS_BETTER,
  /** Smaller is better (log loss, error rate, latency); a rise is a degradation. */
  LOWER_IS_BETTER
}
