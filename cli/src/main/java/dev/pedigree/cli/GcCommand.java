package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.maintenance.GcListener;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcPhase;
import dev.pedigree.maintenance.GcSummary;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pedigree gc [--dry-run]}: garbage collection ({@code repo.maintenance().gc}) of objects
 * no version, manifest, record or log reaches any more, safe while others write.
 */
@Command(name = "gc", description = {"Reclaim the storage of objects nothing reaches any more (deleted versions' content).",
    "Safe while others write: it announces its candidates, waits one writer window, looks again, then deletes.",
    "--dry-run only counts what would go."})
final class GcCommand extends StoreCommand {
  @Option(names = "--dry-run", description = "Only report what would be reclaimed; delete nothing.")
  boolean dryRun;

  @Option(names = "--writer-window", paramLabel = "AGE", converter = Durations.class,
      description = "How long to wait between announcing and deleting (default: 30s); at least the writer window of"
          + " every process writing to the store meanwhile.")
  Duration writerWindow;

  /** The output of {@code gc --json}. */
  record Report(String runId, boolean dryRun, long objectsScanned, long bytesScanned, long objectsReachable,
      long candidates, long objectsDeleted, long bytesDeleted, long keptForWriters, long left, long uploadsDiscarded,
      long uploadBytes, long bytesReclaimed, long elapsedMillis) {
    static Report of(GcSummary s) {
      return new Report(s.runId(), s.dryRun(), s.objectsScanned(), s.bytesScanned(), s.objectsReachable(),
          s.candidates(), s.objectsDeleted(), s.bytesDeleted(), s.keptForWriters(), s.left(), s.uploadsDiscarded(),
          s.uploadBytes(), s.bytesReclaimed(), s.elapsed().toMillis());
    }
  }

  @Override
  int run(Repository repo) {
    AtomicReference<String> where = new AtomicReference<>("starting");
    GcListener listener = new GcListener() {
      @Override
      public void phase(GcPhase phase) {
        where.set(name(phase));
      }

      @Override
      public void progress(GcPhase phase, long done, long total) {
        where.set(name(phase) + " " + done + (total >= 0 ? "/" + total : ""));
      }
    };
    GcOptions.Builder options = GcOptions.builder().listener(listener);
    if (dryRun) {
      options.dryRun();
    }
    if (writerWindow != null) {
      options.writerWindow(writerWindow);
    }
    GcOptions built = options.build();
    GcSummary summary = withSpinner(() -> "gc: " + where.get(), () -> repo.maintenance().gc(built));
    if (json()) {
      printJson(Report.of(summary));
      return ExitCodes.OK;
    }
    String reclaimed = summary.objectsDeleted() + " objects (" + Sizes.human(summary.bytesDeleted()) + ")";
    out().println((summary.dryRun() ? "Would reclaim " : "Reclaimed ") + reclaimed + " of "
        + summary.objectsScanned() + " (" + Sizes.human(summary.bytesScanned()) + "); " + summary.objectsReachable()
        + " reachable");
    if (summary.uploadsDiscarded() > 0) {
      out().println((summary.dryRun() ? "Would discard " : "Discarded ") + summary.uploadsDiscarded()
          + " abandoned uploads (" + Sizes.human(summary.uploadBytes()) + ")");
    }
    if (summary.keptForWriters() > 0 || summary.left() > 0) {
      out().println("Kept " + summary.keptForWriters() + " objects a writer reached meanwhile; left "
          + summary.left() + " for a later run");
    }
    out().flush();
    return ExitCodes.OK;
  }

  private static String name(GcPhase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }
}
