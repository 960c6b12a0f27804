package dev.pedigree.lineage;

/** Where a run stands. */
public enum RunStatus {
  /** Started and not finished (or its process died before finishing). */
  RUNNING,
  /** Finished successfully. */
  SUCCEEDED,
  /** Finished with an error. */
  FAILED
}
