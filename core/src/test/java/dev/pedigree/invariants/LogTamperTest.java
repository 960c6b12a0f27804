package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.RepositoryVerification.Kind;
import dev.pedigree.VerifyOptions;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditCheckpoint;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant 8, tamper evidence, for every log kind (versions, aliases, tags, index, runs, audit,
 * lineage): an edit (clumsy, or careful enough to fix the entry's own checksum), a removal
 * (of a middle or the newest entry), an insertion and a reorder are each reported, located,
 * and never as an interrupted change. Truncation of consistent history is found against a
 * kept checkpoint.
 */
class LogTamperTest {
  private MemoryBlobStore store;
  private Repository repo;

  /** One log kind: its key prefix and the subject its problems name. */
  record LogKind(String name, String prefix, NumberedLog.Order order, String subject) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<LogKind> kinds() {
    return Stream.of(
        new LogKind("versions", "refs/artifacts/m/versions/@log/", NumberedLog.Order.NEWEST_FIRST, "m:"),
        new LogKind("aliases", "refs/artifacts/m/aliases/production/@log/", NumberedLog.Order.NEWEST_FIRST, "m@production"),
        new LogKind("tags", "refs/artifacts/m/tags/2/@log/", NumberedLog.Order.NEWEST_FIRST, "m:2 tags"),
        new LogKind("index", "refs/index/artifacts/m/@log/", NumberedLog.Order.NEWEST_FIRST, "m"),
        new LogKind("runs", "refs/runs/RUN/@log/", NumberedLog.Order.NEWEST_FIRST, "run "),
        new LogKind("audit", "audit/events/", NumberedLog.Order.NEWEST_FIRST, "audit:"),
        new LogKind("lineage", "lineage/edges/", NumberedLog.Order.OLDEST_FIRST, "lineage segment"));
  }

  @BeforeEach
  void history() {
    store = new MemoryBlobStore();
    repo = Repository.builder(store).actor("tester").build();
    for (int i = 1; i <= 3; i++) {
      repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(("v" + i).getBytes(StandardCharsets.UTF_8))
          .build());
    }
    for (int i = 1; i <= 3; i++) {
      repo.artifacts().moveAlias("m", "production", i, "move " + i);
    }
    repo.artifacts().setTag(new VersionId("m", 2), "a", "1");
    repo.artifacts().setTag(new VersionId("m", 2), "b", "2");
    repo.artifacts().setTag(new VersionId("m", 2), "c", "3");
    for (int i = 0; i < 3; i++) {
      try (ActiveRun run = repo.runs().start("train", CodeVersion.of("c"))) {
        run.input("m:1");
        run.succeed();
      }
    }
    assertThat(repo.verify().problems()).isEmpty();
  }

  private NumberedLog log(LogKind kind) {
    String prefix = kind.prefix();
    if (prefix.contains("RUN")) {
      String run = repo.runs().list().findFirst().orElseThrow().id();
      prefix = prefix.replace("RUN", run);
    }
    return new NumberedLog(store, prefix, kind.order());
  }

  private static byte[] bytes(NumberedLog log, long n) {
    return log.read(n).orElseThrow().bytes();
  }

  private void put(NumberedLog log, long n, byte[] content) {
    store.write(log.keyOf(n), BlobSource.ofBytes(content));
  }

  private RepositoryVerification assertTamperFound(LogKind kind, String what) {
    RepositoryVerification result = repo.verify();
    assertThat(result.problems()).as("%s in the %s log", what, kind).isNotEmpty();
    assertThat(result.tampered()).as("%s: %s", what, result.problems()).isTrue();
    assertThat(result.problems(Kind.INTERRUPTED)).as("%s is never a crash", what).isEmpty();
    // Removing the newest audit event is located at the change it recorded.
    assertThat(result.problems()).as("%s is located", what).anySatisfy(p -> assertThat(p.subject().startsWith(kind.subject())
        || kind.name().equals("audit") && p.description().contains("audit event")).isTrue());
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aClumsyEditOfAnyEntryIsFound(LogKind kind) {
    NumberedLog log = log(kind);
    for (long n = 1; n <= log.headNumber(); n++) {
      byte[] original = bytes(log, n);
      String text = new String(original, StandardCharsets.UTF_8);
      String edited = text.replaceFirst("\"actor\":\"[a-z]+\"", "\"actor\":\"mallory\"")
          .replaceFirst("\"job\":\"train\"", "\"job\":\"steal\"");
      assertThat(edited).as("entry %d of %s has a field to edit", n, kind).isNotEqualTo(text);
      put(log, n, edited.getBytes(StandardCharsets.UTF_8));
      assertTamperFound(kind, "an edit of entry " + n);
      put(log, n, original);
    }
    assertThat(repo.verify().problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aCarefulEditThatFixesTheChecksumIsFound(LogKind kind) throws IOException {
    NumberedLog log = log(kind);
    for (long n = 1; n <= log.headNumber(); n++) {
      byte[] original = bytes(log, n);
      put(log, n, resummed(kind, original, "mallory"));
      assertTamperFound(kind, "a careful edit of entry " + n);
      put(log, n, original);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void removingAnyEntryIsFound(LogKind kind) {
    NumberedLog log = log(kind);
    for (long n = 1; n <= log.headNumber(); n++) {
      byte[] original = bytes(log, n);
      store.delete(log.keyOf(n));
      assertTamperFound(kind, "removing entry " + n);
      store.createIfAbsent(log.keyOf(n), BlobSource.ofBytes(original));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void reorderingEntriesIsFound(LogKind kind) {
    NumberedLog log = log(kind);
    long head = log.headNumber();
    if (head < 2) {
      // The index log of an artifact has one entry; an edit or removal is all there is to do.
      assertThat(kind.name()).isEqualTo("index");
      return;
    }
    byte[] first = bytes(log, head - 1);
    byte[] second = bytes(log, head);
    put(log, head - 1, second);
    put(log, head, first);
    assertTamperFound(kind, "swapping entries " + (head - 1) + " and " + head);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void anInsertedWellFormedEntryIsFound(LogKind kind) throws IOException {
    // A forger appends an entry that chains to the head and fixes its own checksum.
    NumberedLog log = log(kind);
    long head = log.headNumber();
    byte[] copy = bytes(log, head);
    Map<String, Object> fields = Json.mapper().readValue(copy, new TypeReference<TreeMap<String, Object>>() { });
    String headHash = fields.containsKey("sum") ? (String) fields.get("sum") : (String) fields.get("hash");
    if (fields.containsKey("seq")) {
      fields.put("seq", head + 1);
      fields.put("chain", headHash);
      fields.put("id", "forged");
    } else if (fields.containsKey("sequence")) {
      fields.put("sequence", head + 1);
      fields.put("previousHash", headHash);
    } else {
      fields.put("chain", headHash);
      fields.put("id", "forged");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> runs = (List<Map<String, Object>>) fields.get("runs");
      runs.get(0).put("run", "forged-run");
    }
    byte[] forged = resummed(kind, Json.write(fields), "mallory");
    store.createIfAbsent(log.keyOf(head + 1), BlobSource.ofBytes(forged));
    RepositoryVerification result = repo.verify();
    assertThat(result.tampered()).as("an inserted entry in the %s log: %s", kind, result.problems()).isTrue();
    assertThat(result.problems(Kind.INTERRUPTED)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void strayFilesInALogFolderAreSkippedAndReported(LogKind kind) {
    NumberedLog log = log(kind);
    store.createIfAbsent(BlobKey.of(log.prefix() + ".nfs0000123"), BlobSource.ofBytes(new byte[] {1}));
    store.createIfAbsent(BlobKey.of(log.prefix() + NumberedLog.nameOf(1, kind.order()) + "~"),
        BlobSource.ofBytes(new byte[] {2}));
    RepositoryVerification result = repo.verify();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.problems(Kind.STRAY_FILE)).hasSize(kind.name().equals("lineage") ? 0 : 2);
    assertThat(repo.artifacts().aliasHistory("m", "production")).hasSize(3);
    assertThat(repo.artifacts().aliases("m")).containsEntry("production", 3);
    assertThat(repo.artifacts().list("")).hasSize(1);
    assertThat(repo.audit().newestFirst()).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void rollingBackConsistentHistoryIsFoundOnlyAgainstAKeptCheckpoint() throws IOException {
    AuditCheckpoint kept = repo.audit().checkpoint();
    assertThat(AuditCheckpoint.parse(kept.toString())).isEqualTo(kept);
    // Roll the newest change back wholly: its alias entry, its event.
    NumberedLog alias = new NumberedLog(store, "refs/artifacts/m/aliases/production/@log/", NumberedLog.Order.NEWEST_FIRST);
    NumberedLog audit = new NumberedLog(store, "audit/events/", NumberedLog.Order.NEWEST_FIRST);
    repo.artifacts().moveAlias("m", "production", 1, "late");
    AuditCheckpoint later = repo.audit().checkpoint();
    store.delete(alias.keyOf(alias.headNumber()));
    store.delete(audit.keyOf(audit.headNumber()));
    assertThat(repo.verify().problems()).as("a consistent rollback cannot be seen from the store alone").isEmpty();
    RepositoryVerification against = repo.verify(VerifyOptions.structural().against(later));
    assertThat(against.problems(Kind.ROLLED_BACK)).singleElement()
        .satisfies(p -> assertThat(p.description()).contains("no longer reaches the kept checkpoint " + later));
    assertThat(repo.verify(VerifyOptions.structural().against(kept)).problems()).isEmpty();

    // Rewriting history up to the checkpoint (re-hashing every event from 1 on) is found too.
    byte[] event = bytes(audit, kept.sequence());
    put(audit, kept.sequence(), resummed(null, event, "mallory"));
    assertThat(repo.verify(VerifyOptions.structural().against(kept)).problems(Kind.ROLLED_BACK))
        .singleElement().satisfies(p -> assertThat(p.description()).contains("rewritten"));
  }

  /** Re-writes an entry with another actor (or job) and a fresh own checksum, as a careful forger would. */
  private static byte[] resummed(LogKind kind, byte[] original, String actor) throws IOException {
    Map<String, Object> fields = Json.mapper().readValue(original, new TypeReference<TreeMap<String, Object>>() { });
    if (fields.containsKey("actor")) {
      fields.put("actor", actor);
    }
    if (fields.containsKey("runs")) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> runs = (List<Map<String, Object>>) fields.get("runs");
      runs.get(0).put("job", "steal");
    }
    if (fields.containsKey("sum")) {
      fields.put("sum", null);
      fields.put("sum", Digest.of(Json.write(fields)).hex());
    } else if (fields.containsKey("hash")) {
      // An audit event: its hash covers a canonical form of its fields.
      Map<String, Object> canonical = new TreeMap<>(fields);
      canonical.remove("hash");
      canonical.put("details", new TreeMap<>((Map<?, ?>) fields.get("details")));
      fields.put("hash", Digest.of(Json.write(canonical)).hex());
    }
    return Json.write(fields);
  }

  static String read(MemoryBlobStore store, BlobKey key) throws IOException {
    try (InputStream in = store.read(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
