package dev.pedigree;

import dev.pedigree.RepositoryVerification.Kind;
import dev.pedigree.RepositoryVerification.Problem;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.LogCheck;
import dev.pedigree.lineage.Runs;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks behind {@link Repository#verify(VerifyOptions)}, like {@code git fsck}. See
 * {@link VerifyOptions.Level} for what each level covers.
 */
final class RepositoryVerifier implements LogCheck.Findings {
  private static final String RESTORE = "restore it from a backup, or ask who changed the store";
  private static final int PROGRESS_EVERY = 1000;

  private final ArtifactRegistry artifacts;
  private final Runs runs;
  private final AuditLog audit;
  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditedChanges changes;
  private final VerifyOptions options;
  private final List<Problem> problems = new ArrayList<>();
  /** "ref#entry" to the events naming that entry. */
  private final Map<String, List<AuditEvent>> eventsByEntry = new HashMap<>();
  /** Legacy registration events ("name:number" to record digest) of versions written before chaining. */
  private final Map<String, List<String>> legacyRegistrations = new HashMap<>();
  private final Set<Digest> verifiedObjects = new HashSet<>();
  private long entriesChecked;
  private long versionsChecked;
  private long objectsChecked;

  private RepositoryVerifier(ArtifactRegistry artifacts, Runs runs, AuditLog audit, ObjectStore objects, RefStore refs,
      AuditedChanges changes, VerifyOptions options) {
    this.artifacts = artifacts;
    this.runs = runs;
    this.audit = audit;
    this.objects = objects;
    this.refs = refs;
    this.changes = changes;
    this.options = options;
  }

  static RepositoryVerification verify(ArtifactRegistry artifacts, Runs runs, AuditLog audit, ObjectStore objects,
      RefStore refs, AuditedChanges changes, VerifyOptions options) {
    return new RepositoryVerifier(artifacts, runs, audit, objects, refs, changes, options).run();
  }

  private RepositoryVerification run() {
    progress("audit", 0);
    AuditVerification chain = audit.verify(options.checkpoint());
    for (AuditVerification.Problem p : chain.problems()) {
      Kind kind = p.description().contains("checkpoint") ? Kind.ROLLED_BACK
          : p.description().contains("cannot be read") || p.description().contains("edited") ? Kind.DAMAGED : Kind.TAMPERED;
      problem(kind, "audit:" + p.sequence(), p.description(), kind == Kind.ROLLED_BACK
          ? "the history was rolled back or rewritten since the checkpoint was taken: restore the audit folder from a backup"
          : RESTORE);
    }
    audit.strays().forEach(key -> stray(key.value()));
    indexEvents(chain.eventsChecked());
    checkRefs();
    checkRequests();
    for (LogCheck check : changes.checks()) {
      check.check(this);
    }
    if (options.level() == VerifyOptions.Level.FULL) {
      checkAllObjects();
    }
    problems.sort(java.util.Comparator.comparing(Problem::subject).thenComparing(Problem::description));
    return new RepositoryVerification(options.level(), chain, versionsChecked, entriesChecked, objectsChecked, problems);
  }

  /** Reads every event once, indexing those that name a ref entry. */
  private void indexEvents(long count) {
    long head = audit.headSequence();
    long done = 0;
    for (long n = 1; n <= head; n++) {
      AuditEvent event;
      try {
        Optional<AuditEvent> found = audit.event(n);
        if (found.isEmpty()) {
          continue;
        }
        event = found.get();
      } catch (PedigreeException e) {
        continue; // reported by the chain check
      }
      String ref = event.detail(AuditedChanges.DETAIL_REF);
      String entry = event.detail(AuditedChanges.DETAIL_ENTRY);
      if (ref != null && entry != null) {
        eventsByEntry.computeIfAbsent(ref + "#" + entry, k -> new ArrayList<>(1)).add(event);
      } else if (event.type() == AuditEventType.VERSION_REGISTERED) {
        legacyRegistrations.computeIfAbsent(event.subject(), k -> new ArrayList<>(1)).add(event.detail("record"));
      }
      if (++done % PROGRESS_EVERY == 0) {
        progress("audit", done);
      }
    }
    progress("audit", Math.max(done, count));
  }

  private void checkRefs() {
    progress("refs", 0);
    Set<String> entriesSeen = new HashSet<>();
    for (RefName ref : (Iterable<RefName>) refs.list("")::iterator) {
      checkLog(ref, entriesSeen);
    }
    // Every event that names an entry must find it, with the hash it names.
    for (Map.Entry<String, List<AuditEvent>> named : eventsByEntry.entrySet()) {
      if (entriesSeen.contains(named.getKey())) {
        continue;
      }
      AuditEvent event = named.getValue().get(0);
      String ref = event.detail(AuditedChanges.DETAIL_REF);
      String subject;
      try {
        subject = entrySubject(RefName.of(ref), Long.parseLong(event.detail(AuditedChanges.DETAIL_ENTRY)));
      } catch (PedigreeException | NumberFormatException e) {
        subject = "audit:" + event.sequence();
      }
      problem(Kind.TAMPERED, subject, "audit event " + event.sequence() + " records entry "
          + event.detail(AuditedChanges.DETAIL_ENTRY) + " of '" + ref + "', which is gone (removed: the ref reads as it"
          + " was before that change)", RESTORE);
    }
    progress("refs", entriesChecked);
  }

  private void checkLog(RefName ref, Set<String> entriesSeen) {
    refs.strays(ref).forEach(key -> stray(key.value()));
    String subject = subjectOf(ref.value());
    List<Long> numbers = refs.entryNumbers(ref).toList(); // newest first
    RefEntry newer = null;
    long expected = numbers.isEmpty() ? 0 : numbers.get(0);
    boolean audited = ref.value().startsWith("artifacts/") || ref.value().startsWith("index/")
        || ref.value().startsWith("runs/") || ref.value().startsWith("lineage/");
    for (long n : numbers) {
      entriesChecked++;
      entriesSeen.add(ref.value() + "#" + n);
      subject = entrySubject(ref, n);
      if (entriesChecked % PROGRESS_EVERY == 0) {
        progress("refs", entriesChecked);
      }
      if (n != expected) {
        problem(Kind.TAMPERED, entrySubject(ref, expected), "entries " + (n + 1) + " to " + expected + " of '" + ref
            + "' are missing (removed)", RESTORE);
        newer = null;
      }
      expected = n - 1;
      RefEntry entry;
      try {
        entry = refs.entry(ref, n).orElse(null);
      } catch (PedigreeException e) {
        problem(Kind.DAMAGED, subject, "entry " + n + " of '" + ref + "' cannot be read: " + e.getMessage(), RESTORE);
        newer = null;
        continue;
      }
      if (entry == null) {
        newer = null;
        continue;
      }
      if (newer != null) {
        if (newer.chained() && !newer.previousHash().equals(entry.hash())) {
          problem(Kind.TAMPERED, subject, "entry " + newer.sequence() + " of '" + ref + "' does not follow entry " + n
              + " (an entry was edited, replaced, inserted or reordered)", RESTORE);
        } else if (!newer.chained() && entry.chained()) {
          problem(Kind.TAMPERED, subject, "entry " + newer.sequence() + " of '" + ref + "' carries no chain after chained"
              + " entries (replaced by hand)", RESTORE);
        } else if (!newer.previous().equals(entry.value())) {
          problem(Kind.TAMPERED, subject, "entry " + newer.sequence() + " of '" + ref + "' changes from a value entry " + n
              + " does not hold", RESTORE);
        }
      }
      if (n == 1 && entry.chained() && !entry.previousHash().equals(RefEntry.GENESIS)) {
        problem(Kind.TAMPERED, subject, "entry 1 of '" + ref + "' points at a predecessor (entries were removed)", RESTORE);
      }
      checkAudited(ref, subject, entry, eventsByEntry.get(ref.value() + "#" + n), audited);
      checkValue(ref, entry);
      newer = entry;
    }
    if (expected > 0 && !numbers.isEmpty()) {
      problem(Kind.TAMPERED, entrySubject(ref, 1), "entries 1 to " + expected + " of '" + ref + "' are missing (removed)", RESTORE);
    }
  }

  private void checkAudited(RefName ref, String subject, RefEntry entry, List<AuditEvent> events, boolean audited) {
    Optional<String> request = entry.attribute(AuditedChanges.REQUEST);
    if (events != null) {
      List<AuditEvent> exact = events.stream()
          .filter(e -> entry.hash().equals(e.detail(AuditedChanges.DETAIL_ENTRY_HASH))).toList();
      if (exact.isEmpty()) {
        problem(Kind.TAMPERED, subject, "entry " + entry.sequence() + " of '" + ref + "' is not the entry audit event "
            + events.get(0).sequence() + " records (replaced)", RESTORE);
      }
      for (AuditEvent event : exact) {
        String mismatch = AuditedChanges.mismatch(event, entry);
        if (mismatch != null) {
          problem(Kind.TAMPERED, "audit:" + event.sequence(), "audit event " + event.sequence() + " does not say what"
              + " entry " + entry.sequence() + " of '" + ref + "' it records says: " + mismatch + " (the event was edited)",
              RESTORE);
        }
      }
      if (exact.size() > 1 && exact.stream().filter(e -> e.detail(AuditedChanges.DETAIL_RECOVERED) == null)
          .count() > 1) {
        problem(Kind.TAMPERED, subject, exact.size() + " audit events record entry " + entry.sequence() + " of '" + ref
            + "', not one (an event was copied)", RESTORE);
      }
      return;
    }
    if (request.isPresent()) {
      if (changes.pending(request.get())) {
        problem(Kind.INTERRUPTED, subject, "entry " + entry.sequence() + " of '" + ref + "' was written by request "
            + request.get() + ", which is not finished: its audit event is not written yet",
            "run repo.recover() (it also runs when the repository is opened, for requests older than the lease)");
      } else {
        problem(Kind.TAMPERED, subject, "no audit event records entry " + entry.sequence() + " of '" + ref
            + "' (its event was removed)", RESTORE);
      }
    } else if (entry.chained() && audited) {
      problem(Kind.TAMPERED, subject, "entry " + entry.sequence() + " of '" + ref + "' was written around the audit: no"
          + " request and no audit event record it (inserted by hand)", RESTORE);
    } else if (!entry.chained() && ref.value().startsWith("artifacts/") && ref.value().endsWith("/versions")) {
      String version = subject;
      List<String> records = legacyRegistrations.getOrDefault(version, List.of());
      String record = entry.value().map(Digest::toString).orElse("");
      if (records.size() != 1 || !records.get(0).equals(record)) {
        problem(Kind.TAMPERED, version, records.isEmpty()
            ? "no VERSION_REGISTERED audit event records its registration (an event was removed)"
            : records.size() + " VERSION_REGISTERED audit events record it, naming " + records + " (the log names "
                + record + ")", RESTORE);
      }
    }
  }

  /** Checks what an entry's value names: version records, alias targets, tag sets, artifact records, run records. */
  private void checkValue(RefName ref, RefEntry entry) {
    if (entry.value().isEmpty()) {
      return;
    }
    Digest value = entry.value().get();
    String[] parts = ref.value().split("/");
    try {
      if (parts[0].equals("artifacts") && parts.length == 3 && parts[2].equals("versions")) {
        versionsChecked++;
        VersionId id = new VersionId(parts[1], Math.toIntExact(entry.sequence()));
        Optional<ArtifactVersion> version;
        try {
          version = artifacts.findVersion(id);
        } catch (GoneException deleted) {
          // A tombstone: its record must still be intact; its content may have been collected.
          readRecord(value, ref, entry);
          return;
        }
        if (version.isEmpty() || !version.get().id().equals(id)) {
          problem(Kind.TAMPERED, id.toString(), "its record " + value + " says it is "
              + version.map(v -> v.id().toString()).orElse("nothing"), RESTORE);
        } else if (options.level() == VerifyOptions.Level.FULL) {
          checkContent(version.get());
        }
      } else if (parts[0].equals("artifacts") && parts.length == 4 && parts[2].equals("aliases")) {
        Optional<String> number = entry.attribute("version");
        if (number.isPresent()) {
          Optional<ArtifactVersion> held;
          try {
            held = artifacts.findVersion(new VersionId(parts[1], Integer.parseInt(number.get())));
          } catch (GoneException deleted) {
            held = Optional.empty(); // a version held once and deleted since: its record is checked below
            number = Optional.empty();
          }
          if (number.isPresent() && (held.isEmpty() || !held.get().recordDigest().equals(value))) {
            problem(Kind.TAMPERED, parts[1] + "@" + parts[3], "entry " + entry.sequence() + " says the alias holds version "
                + number.get() + ", but names record " + value + " of another version", RESTORE);
          }
        }
        readRecord(value, ref, entry);
      } else if (parts[0].equals("index")) {
        ArtifactInfo info = Json.read(readRecord(value, ref, entry), ArtifactInfo.class);
        if (info == null || !parts[parts.length - 1].equals(info.name())) {
          problem(Kind.TAMPERED, parts[parts.length - 1], "its index entry names artifact record " + value
              + " of another artifact", RESTORE);
        }
      } else if (parts[0].equals("runs") || parts[0].equals("artifacts")) {
        readRecord(value, ref, entry);
        if (parts[0].equals("runs") && entry.sequence() == refs.headSequence(ref).orElse(0) && runs.deletion(parts[1]).isEmpty()) {
          runs.find(parts[1]);
        }
      }
    } catch (IOException | PedigreeException | IllegalArgumentException | ArithmeticException e) {
      problem(e instanceof dev.pedigree.exceptions.ObjectNotFoundException ? Kind.MISSING_OBJECT : Kind.DAMAGED,
          entrySubject(ref, entry.sequence()), "entry " + entry.sequence() + " of '" + ref + "' names " + value
              + ", which cannot be read intact: " + e.getMessage(), RESTORE);
    }
  }

  private byte[] readRecord(Digest digest, RefName ref, RefEntry entry) {
    byte[] bytes = objects.readAllBytes(digest);
    verifiedObjects.add(digest);
    return bytes;
  }

  /** Full level: the version's content is present and intact, and a manifest's entries and sizes hold. */
  private void checkContent(ArtifactVersion version) {
    String subject = version.id().toString();
    try {
      if (version.layout() == ContentLayout.DIRECTORY) {
        Manifest manifest = objects.readManifest(version.content());
        verifiedObjects.add(version.content());
        long total = 0;
        for (ManifestEntry entry : manifest.entries()) {
          if (entry.size() < 0 || total + entry.size() < total) {
            problem(Kind.DAMAGED, subject, "its manifest gives '" + entry.path() + "' an impossible size " + entry.size(),
                RESTORE);
            return;
          }
          total += entry.size();
          if (!objects.contains(entry.digest())) {
            problem(Kind.MISSING_OBJECT, subject, "file '" + entry.path() + "' (" + entry.digest() + ") is missing",
                "restore the object from a backup, or register the content again");
          } else if (objects.size(entry.digest()) != entry.size()) {
            problem(Kind.DAMAGED, subject, "file '" + entry.path() + "' is " + objects.size(entry.digest())
                + " bytes, its manifest says " + entry.size(), RESTORE);
          } else {
            rehash(entry.digest(), subject);
          }
        }
        if (total != version.size()) {
          problem(Kind.DAMAGED, subject, "its files add up to " + total + " bytes, its record says " + version.size(),
              RESTORE);
        }
      } else if (!objects.contains(version.content())) {
        problem(Kind.MISSING_OBJECT, subject, "its content " + version.content() + " is missing",
            "restore the object from a backup, or register the content again");
      } else {
        if (objects.size(version.content()) != version.size()) {
          problem(Kind.DAMAGED, subject, "its content is " + objects.size(version.content()) + " bytes, its record says "
              + version.size(), RESTORE);
        }
        rehash(version.content(), subject);
      }
    } catch (PedigreeException e) {
      problem(Kind.DAMAGED, subject, "its content cannot be read intact: " + e.getMessage(), RESTORE);
    }
  }

  private void rehash(Digest digest, String subject) {
    if (verifiedObjects.add(digest)) {
      try {
        objects.verify(digest);
        objectsChecked++;
      } catch (PedigreeException e) {
        problem(Kind.DAMAGED, subject, "object " + digest + " is damaged: " + e.getMessage(), RESTORE);
      }
    }
  }

  /** Full level: every object in the store re-hashed, streamed one at a time. */
  private void checkAllObjects() {
    long done = 0;
    progress("objects", 0);
    for (Digest digest : (Iterable<Digest>) objects.list()::iterator) {
      if (!verifiedObjects.contains(digest)) {
        try {
          objects.verify(digest);
          objectsChecked++;
        } catch (PedigreeException e) {
          problem(Kind.DAMAGED, ObjectStore.keyOf(digest).value(), "object " + digest + " is damaged: " + e.getMessage(),
              "restore it from a backup; if nothing names it, delete it");
        }
      }
      if (++done % PROGRESS_EVERY == 0) {
        progress("objects", done);
      }
    }
    progress("objects", done);
  }

  private void checkRequests() {
    progress("requests", 0);
    for (String id : changes.pendingIds()) {
      problem(Kind.INTERRUPTED, "request " + id, "change request " + id + " was begun and is not finished (in progress,"
          + " or interrupted by a crash or failed write)",
          "run repo.recover() once no process is still making it (it also runs on open after the lease)");
    }
  }

  private void stray(String key) {
    problem(Kind.STRAY_FILE, key, "'" + key + "' sits in a log folder but is not a log entry; it is ignored",
        "delete it if nothing else needs it");
  }

  private static String entrySubject(RefName ref, long n) {
    String subject = subjectOf(ref.value());
    return ref.value().startsWith("artifacts/") && ref.value().endsWith("/versions") ? subject + ":" + n : subject;
  }

  /** Names what a ref is about: {@code a:n}, {@code a@alias}, {@code a:n tags}, {@code a}, {@code run id}. */
  static String subjectOf(String ref) {
    String[] parts = ref.split("/");
    if (parts[0].equals("artifacts") && parts.length >= 3) {
      return switch (parts[2]) {
        case "versions" -> parts[1];
        case "aliases" -> parts[1] + "@" + (parts.length > 3 ? parts[3] : "");
        case "tags" -> parts[1] + ":" + (parts.length > 3 ? parts[3] : "") + " tags";
        default -> ref;
      };
    }
    if (parts[0].equals("index") && parts.length == 3) {
      return parts[2];
    }
    if (parts[0].equals("runs") && parts.length == 2) {
      return "run " + parts[1];
    }
    return ref;
  }

  @Override
  public void problem(Kind kind, String subject, String description, String action) {
    problems.add(new Problem(kind, subject, description, action));
  }

  @Override
  public void progress(String phase, long done) {
    options.listener().progress(phase, done);
  }

  @Override
  public boolean changesPending() {
    return !changes.pendingIds().isEmpty();
  }

  @Override
  public boolean full() {
    return options.level() == VerifyOptions.Level.FULL;
  }

  @Override
  public Map<String, Map<String, String>> eventsNaming(String detail) {
    Map<String, Map<String, String>> result = new HashMap<>();
    long head = audit.headSequence();
    for (long n = 1; n <= head; n++) {
      try {
        audit.event(n).filter(e -> e.detail(detail) != null).ifPresent(e -> result.put(e.detail(detail), e.details()));
      } catch (PedigreeException e) {
        // reported by the chain check
      }
    }
    return result;
  }
}
