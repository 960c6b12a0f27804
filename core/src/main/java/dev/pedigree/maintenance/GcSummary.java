package dev.pedigree.maintenance;

import java.time.Duration;

/**
 * What a garbage collection run found and reclaimed. In a dry run the "deleted" and
 * "discarded" figures say what a real run would have reclaimed had nothing changed meanwhile.
 *
 * @param runId the run's id ({@code dry-run} for a dry run)
 * @param dryRun whether nothing was deleted
 * @param objectsScanned objects listed
 * @param bytesScanned bytes they occupy
 * @param objectsReachable objects something refers to
 * @param candidates objects nothing referred to when the run began
 * @param objectsDeleted objects deleted
 * @param bytesDeleted bytes those objects occupied
 * @param keptForWriters candidates kept because a writer referenced or claimed them meanwhile
 * @param left candidates left for a later run because the run reached its deadline
 * @param uploadsDiscarded abandoned staged or multipart uploads discarded
 * @param uploadBytes bytes those uploads held
 * @param elapsed how long the run took
 */
public record GcSummary(String runId, boolean dryRun, long objectsScanned, long bytesScanned, long objectsReachable,
    long candidates, long objectsDeleted, long bytesDeleted, long keptForWriters, long left, long uploadsDiscarded,
    long uploadBytes, Duration elapsed) {

  /**
   * Returns the bytes reclaimed in all: deleted objects and discarded uploads.
   *
   * @return bytes
   */
  public long bytesReclaimed() {
    return bytesDeleted + uploadBytes;
  }

  @Override
  public String toString() {
    return (dryRun ? "GC dry run: would delete " : "GC " + runId + ": deleted ") + objectsDeleted + " of "
        + objectsScanned + " objects (" + bytesDeleted + " of " + bytesScanned + " bytes), "
        + (dryRun ? "would discard " : "discarded ") + uploadsDiscarded + " abandoned uploads (" + uploadBytes
        + " bytes); " + objectsReachable + " reachable, " + keptForWriters + " kept for writers, " + left
        + " left for a later run, in " + elapsed.toMillis() + " ms";
  }
}
