package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pedigree audit}: the audit log, oldest first, filtered. */
@Command(name = "audit", description = "Show the audit log, oldest first: every registration, alias move, rollback, verdict and run.")
final class AuditCommand extends StoreCommand {
  private static final Pattern AGO = Pattern.compile("(\\d+)([smhdw])");

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only events at or after this: 2026-12-01, 2026-12-01T09:00:00Z, or an age such as 30m, 12h, 7d, 2w.")
  String since;

  @Option(names = "--artifact", paramLabel = "NAME", description = "Only events about this artifact.")
  String artifact;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type: ${COMPLETION-CANDIDATES}.")
  AuditEventType type;

  @Option(names = "--by", paramLabel = "ACTOR", description = "Only events caused by this actor.")
  String actor;

  @Option(names = "--limit", paramLabel = "N", description = "Only the newest N of the matching events.")
  Integer limit;

  /** The output of {@code audit --json}. */
  record Listing(List<Views.Event> events) {
  }

  @Override
  int run(Repository repo) {
    if (limit != null && limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot show the audit log: --limit must be at least 1, was " + limit);
    }
    Instant from = since == null ? null : parseSince(since, Instant.now());
    AuditQuery query = AuditQuery.all();
    if (artifact != null) {
      query = query.artifact(artifact);
    }
    if (type != null) {
      query = query.type(type);
    }
    if (actor != null) {
      query = query.actor(actor);
    }
    Deque<AuditEvent> kept = new ArrayDeque<>();
    try (Stream<AuditEvent> events = repo.audit().events(query)) {
      events.filter(e -> from == null || !e.time().isBefore(from)).forEach(e -> {
        kept.addLast(e);
        if (limit != null && kept.size() > limit) {
          kept.removeFirst();
        }
      });
    }
    if (json()) {
      printJson(new Listing(kept.stream().map(Views.Event::of).toList()));
      return ExitCodes.OK;
    }
    if (kept.isEmpty()) {
      out().println("No audit events match.");
      out().flush();
      return ExitCodes.OK;
    }
    Table table = new Table("#", "WHEN", "ACTOR", "EVENT", "SUBJECT", "DETAILS");
    for (AuditEvent e : kept) {
      table.row(e.sequence(), Table.time(e.time()), e.actor(), e.type(), e.subject(), Table.pairs(e.details()));
    }
    table.print(out());
    return ExitCodes.OK;
  }

  private Instant parseSince(String text, Instant now) {
    Matcher ago = AGO.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      Duration d = switch (ago.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      return now.minus(d);
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Cannot read --since '" + text
            + "': write a date (2026-12-01), an instant (2026-12-01T09:00:00Z) or an age (30m, 12h, 7d, 2w)");
      }
    }
  }
}
