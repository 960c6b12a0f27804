package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcSummary;
import dev.pedigree.maintenance.RetentionDecision;
import dev.pedigree.maintenance.RetentionPlan;
import dev.pedigree.maintenance.RetentionPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The end of every run: a retention policy on the model (keep the last three versions and
 * every version production ever held), then garbage collection of what the deleted versions
 * alone used.
 */
final class Housekeeping {
  /**
   * The writer window of the sample's repository and its collection. The sample is the only
   * writer of its store, so a short window is safe and keeps the run quick; shared stores keep
   * the default (30 seconds) on every writer and collector.
   */
  static final Duration WRITER_WINDOW = Duration.ofSeconds(1);

  static final RetentionPolicy POLICY = RetentionPolicy.builder()
      .artifacts(ChurnPipeline.MODEL)
      .keepLast(3)
      .keepAliasHolders(RetentionPolicy.EVER, WeeklyRetraining.PRODUCTION)
      .build();

  private Housekeeping() {
  }

  /** Applies the policy, collects garbage and prints what happened. */
  static GcSummary run(Repository repo, PrintStream out) {
    RetentionPlan plan = repo.maintenance().applyRetention(POLICY, "keep the last 3 model versions and every version"
        + " production held");
    out.println("Retention (keep the last 3 " + ChurnPipeline.MODEL + " versions and every version production held):");
    for (RetentionDecision decision : plan.decisions()) {
      out.printf(Locale.ROOT, "  %-16s %s%n", decision.version(),
          decision.keep() ? "kept: " + String.join("; ", decision.reasons()) : "deleted");
    }
    GcSummary gc = repo.maintenance().gc(GcOptions.builder().writerWindow(WRITER_WINDOW).build());
    out.printf(Locale.ROOT, "Garbage collection reclaimed %d objects, %d bytes (%d objects, %d bytes stay)%n",
        gc.objectsDeleted(), gc.bytesReclaimed(), gc.objectsScanned() - gc.objectsDeleted(),
        gc.bytesScanned() - gc.bytesDeleted());
    return gc;
  }
}
