package dev.pedigree.pipeline;

/** How a stage ended in one pipeline run. */
public enum StageStatus {
  /** The action ran and its outputs were registered. */
  RAN,
  /** Its fingerprint had a recorded successful run; that run's outputs were reused. */
  SKIPPED_UNCHANGED,
  /** A stage it reads from failed or was skipped for that reason; it did not run. */
  SKIPPED_UPSTREAM_FAILED,
  /** It failed: its action threw, or its inputs or code could not be read. It published nothing. */
  FAILED
}
