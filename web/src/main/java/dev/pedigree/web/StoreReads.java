package dev.pedigree.web;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.Page;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.gates.RecordedVerdicts;
import dev.pedigree.gates.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The reads the pages and the API share, each a few calls of the repository's public API. */
final class StoreReads {
  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 5000;
  private final Repository repository;

  StoreReads(Repository repository) {
    this.repository = repository;
  }

  Repository repository() {
    return repository;
  }

  /** One artifact with its newest version number and its aliases. */
  record Summary(ArtifactInfo info, Optional<ArtifactVersion> latest, Map<String, Integer> aliases) {
  }

  List<Summary> artifacts() {
    try (Stream<ArtifactInfo> all = repository.artifacts().list("")) {
      return all.map(this::summary).toList();
    }
  }

  Summary summary(ArtifactInfo info) {
    return new Summary(info, repository.artifacts().latest(info.name()), repository.artifacts().aliases(info.name()));
  }

  Summary summary(String artifact) {
    Optional<ArtifactInfo> info;
    try (Stream<ArtifactInfo> named = repository.artifacts().list(artifact)) {
      info = named.filter(i -> i.name().equals(artifact)).findFirst();
    }
    return info.map(this::summary)
        .orElseThrow(() -> new HttpError(404, "Cannot show artifact '" + artifact + "': there is no artifact with that"
            + " name; the artifacts page lists them all"));
  }

  /** Every version of an artifact, newest first, read page by page. */
  List<ArtifactVersion> versions(String artifact, VersionQuery query) {
    List<ArtifactVersion> all = new ArrayList<>();
    String token = null;
    do {
      Page<ArtifactVersion> page = repository.artifacts().versions(artifact, query, token);
      all.addAll(page.items());
      token = page.nextPageToken().orElse(null);
    } while (token != null);
    return all;
  }

  ArtifactVersion version(String artifact, String number) {
    return repository.artifacts().version(new VersionId(artifact, parseInt(number, "version number")));
  }

  /** Audit events, newest first, filtered as the audit page and API allow. */
  List<AuditEvent> audit(Optional<String> artifact, Optional<String> actor, Optional<AuditEventType> type,
      Optional<String> subject, int limit) {
    try (Stream<AuditEvent> events = repository.audit().newestFirst()) {
      return events.filter(e -> artifact.map(a -> a.equals(e.artifact())).orElse(true))
          .filter(e -> actor.map(a -> a.equals(e.actor())).orElse(true))
          .filter(e -> type.map(t -> t == e.type()).orElse(true))
          .filter(e -> subject.map(s -> e.subject().equals(s) || s.equals(e.detail("candidate"))).orElse(true))
          .limit(limit).toList();
    }
  }

  /** A verdict event with the verdict it records. */
  record RecordedVerdict(AuditEvent event, Verdict verdict) {
  }

  List<RecordedVerdict> verdicts(Optional<String> artifact, Optional<String> candidate, int limit) {
    return audit(artifact, Optional.empty(), Optional.of(AuditEventType.GATE_VERDICT), candidate, limit).stream()
        .map(e -> new RecordedVerdict(e, RecordedVerdicts.read(repository, e))).toList();
  }

  RecordedVerdict verdict(String sequence) {
    long wanted = parseLong(sequence, "audit event number");
    try (Stream<AuditEvent> events = repository.audit().newestFirst()) {
      AuditEvent event = events.filter(e -> e.sequence() == wanted).findFirst()
          .orElseThrow(() -> new HttpError(404, "Cannot show verdict " + wanted + ": there is no audit event "
              + wanted + "; the verdicts page lists them all"));
      if (event.type() != AuditEventType.GATE_VERDICT) {
        throw new HttpError(404, "Cannot show verdict " + wanted + ": audit event " + wanted + " is a "
            + event.type() + " event, not a gate verdict");
      }
      return new RecordedVerdict(event, RecordedVerdicts.read(repository, event));
    }
  }

  static Optional<AuditEventType> eventType(Optional<String> name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AuditEventType.valueOf(name.get().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "Cannot filter by event type '" + name.get() + "': the types are "
          + List.of(AuditEventType.values()));
    }
  }

  static int limit(Optional<String> text) {
    int limit = text.map(t -> parseInt(t, "limit")).orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new HttpError(400, "Cannot use limit " + limit + ": it must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }

  static int parseInt(String text, String what) {
    if (text == null || !text.matches("[0-9]{1,9}")) {
      throw new HttpError(400, "Cannot read " + what + " '" + text + "': it must be a whole number such as 3");
    }
    return Integer.parseInt(text);
  }

  static long parseLong(String text, String what) {
    if (text == null || !text.matches("[0-9]{1,18}")) {
      throw new HttpError(400, "Cannot read " + what + " '" + text + "': it must be a whole number such as 3");
    }
    return Long.parseLong(text);
  }
}
