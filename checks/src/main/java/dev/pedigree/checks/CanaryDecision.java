package dev.pedigree.checks;

/** What a canary analysis concludes, for one metric or overall. */
public enum CanaryDecision {
  /** No metric is significantly worse than allowed: the canary may go on. */
  PROMOTE,
  /** Some metric is significantly worse than allowed: roll the canary back. */
  ROLLBACK,
  /** Too few samples to tell; collect more before deciding. */
  INCONCLUSIVE
}
