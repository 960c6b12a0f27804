package dev.pedigree.lineage;

/** Where a run stands. */
public enum RunStatus {
  /** Started and not finished (or its process died before finishing). */
  RUNNING,
  /** Finished successfully. */
  SUCCEEDED,
  /** Finished with an error. */
  FAILED,
  /**
   * Deleted: how a lineage view shows a deleted run, whose edges stay as history. A run's own
   * record keeps the status it finished with.
   */
  DELETED
}
