package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.VerifyOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pedigree verify [--full]}: core's check of the store ({@link Repository#verify(VerifyOptions)}),
 * structural by default; with {@code --full} every object is also proven present and re-hashed.
 * Exit code 1 when anything is wrong, each problem listed with its kind, subject and what to do.
 */
@Command(name = "verify", description = {"Check the store's chains and records; with --full also re-hash every object.",
    "The structural level checks the audit chain and every log, entry and version record;",
    "--full also proves every object history names present and re-hashes every object (like git fsck).",
    "Exits 1 and lists each problem (kind, subject, what is wrong, what to do) when anything is wrong."})
final class VerifyCommand extends StoreCommand {
  @Option(names = "--full", description = "Also prove every object present and re-hash it (like git fsck).")
  boolean full;

  /** One problem: its kind, what it concerns, what is wrong and what to do. */
  record Problem(String kind, String subject, String description, String action) {
  }

  /** What the full level re-hashed. */
  record Content(long objects) {
  }

  /** The output of {@code verify --json}; {@code content} is null unless {@code --full}. */
  record Report(boolean intact, String level, long auditEventsChecked, long versionsChecked, long entriesChecked,
      Content content, List<Problem> problems) {
  }

  @Override
  int run(Repository repo) {
    RepositoryVerification result;
    if (full) {
      AtomicReference<String> where = new AtomicReference<>("starting");
      result = withSpinner(() -> "verify --full: " + where.get(),
          () -> repo.verify(VerifyOptions.full().listener((phase, done) -> where.set(phase + " " + done))));
    } else {
      result = repo.verify(VerifyOptions.structural());
    }
    List<Problem> problems = result.problems().stream()
        .map(p -> new Problem(p.kind().name(), p.subject(), p.description(), p.action())).toList();
    Report report = new Report(result.intact(), full ? "full" : "structural", result.audit().eventsChecked(),
        result.versionsChecked(), result.entriesChecked(), full ? new Content(result.objectsChecked()) : null, problems);
    if (json()) {
      printJson(report);
    } else {
      StringBuilder line = new StringBuilder(report.intact() ? "intact" : "NOT INTACT");
      line.append(": ").append(report.auditEventsChecked()).append(" audit events, ").append(report.versionsChecked())
          .append(" version log entries");
      if (full) {
        line.append(", ").append(result.objectsChecked()).append(" objects re-hashed");
      }
      out().println(line);
      for (Problem p : problems) {
        out().println("  " + p.kind() + " " + p.subject() + ": " + p.description() + "; " + p.action());
      }
      out().flush();
    }
    return report.intact() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
