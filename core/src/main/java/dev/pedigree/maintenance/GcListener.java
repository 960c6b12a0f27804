package dev.pedigree.maintenance;

/**
 * Hears how a garbage collection run progresses, for a progress bar or a log. Calls come from
 * the thread running the collection; every method does nothing by default.
 *
 * <pre>{@code
 * GcOptions options = GcOptions.builder()
 *     .listener(new GcListener() {
 *       @Override public void progress(GcPhase phase, long done, long total) {
 *         System.out.printf("%s %d/%d%n", phase, done, total);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface GcListener {
  /** A listener that ignores everything. */
  GcListener NONE = new GcListener() { };

  /**
   * A phase starts.
   *
   * @param phase the phase
   */
  default void phase(GcPhase phase) {
  }

  /**
   * Work within a phase advanced.
   *
   * @param phase the phase
   * @param done items done so far (entries read, objects listed or swept, milliseconds waited)
   * @param total items in all, or -1 when not known yet
   */
  default void progress(GcPhase phase, long done, long total) {
  }
}
