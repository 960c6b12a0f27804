package dev.pedigree.maintenance;

/** The steps of a garbage collection run, in order, as a {@link GcListener} hears of them. */
public enum GcPhase {
  /** Discarding staged and multipart uploads older than the grace period. */
  UPLOADS,
  /** Reading every ref, tombstone and other root, and what each reaches. */
  MARK,
  /** Listing every stored object; those nothing reaches become candidates. */
  LIST,
  /** Publishing the candidates, so writers that reuse one claim it before they commit. */
  ANNOUNCE,
  /** Waiting one writer window, so that every writer that missed the announcement has committed. */
  WAIT,
  /** Reading the roots again: a candidate referenced meanwhile is kept. */
  REMARK,
  /** Deleting each candidate still unreached, unless a writer claimed it first. */
  SWEEP,
  /** Removing the records of collections that ended long ago. */
  CLEANUP
}
