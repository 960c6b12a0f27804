package dev.pedigree;

/**
 * Told how far {@link Repository#verify(VerifyOptions)} has got, from the checking thread. A
 * listener that throws stops the check with its exception.
 */
@FunctionalInterface
public interface VerifyListener {
  /** A listener that ignores progress. */
  VerifyListener NONE = (phase, done) -> { };

  /**
   * Reports progress within a phase: called at its start (with 0), every 1,000 items, and at
   * its end.
   *
   * @param phase what is being checked: {@code audit}, {@code refs}, {@code lineage},
   *     {@code requests} or {@code objects}
   * @param done how many items of the phase are checked so far
   */
  void progress(String phase, long done);
}
