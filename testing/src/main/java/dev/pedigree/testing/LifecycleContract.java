package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.Deletion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcPhase;
import dev.pedigree.maintenance.GcSummary;
import dev.pedigree.maintenance.RetentionDecision;
import dev.pedigree.maintenance.RetentionPlan;
import dev.pedigree.maintenance.RetentionPolicy;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.SupportsAbandonedUploads;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting versions, artifacts and runs, retention policies and garbage collection, as every
 * backend must give them, run through whole {@link Repository} instances. A backend's test
 * subclasses it in a few lines and says how to open a second client on the same store:
 *
 * <pre>{@code
 * class S3LifecycleContractTest extends LifecycleContract {
 *   @Override protected BlobStore newStore() { return new S3BlobStore(client, bucket, prefix = "repo/" + UUID.randomUUID()); }
 *   @Override protected BlobStore secondClient(BlobStore first) { return new S3BlobStore(newClient(), bucket, prefix); }
 * }
 * }</pre>
 *
 * <p>The concurrency proof ({@link #collectionWhileWritersReuseDeletedContent}) has writers on
 * two clients keep registering versions whose content was just deleted while garbage
 * collection runs round after round; afterwards every version not deleted reads back verified,
 * {@code verify()} finds nothing, and the space of deleted content is reclaimed. Its length is
 * set by the system properties {@code pedigree.lifecycle.rounds} (default 5) and
 * {@code pedigree.lifecycle.writers} (writer threads per client, default 2); the
 * {@code stress} Maven profile ({@code mvn -B verify -Pstress}) raises them.
 */
public abstract class LifecycleContract {
  /** The writer window the tests give writers and collections alike. */
  protected static final Duration WINDOW = Duration.ofSeconds(2);

  private BlobStore store;
  private BlobStore second;
  private Repository repo;

  /**
   * Returns a fresh, empty store for one test.
   *
   * @return the store
   * @throws Exception if it cannot be made
   */
  protected abstract BlobStore newStore() throws Exception;

  /**
   * Returns a second client on the same store as {@code first}, as another machine would open
   * it; the test closes it. By default the same instance (right for the in-memory backend).
   *
   * @param first the store {@link #newStore()} returned
   * @return a store seeing the same keys
   * @throws Exception if it cannot be made
   */
  protected BlobStore secondClient(BlobStore first) throws Exception {
    return first;
  }

  /**
   * Leaves an upload unfinished on the store, as a writer that dies midway does, or returns
   * {@code false} when the backend keeps none. By default: a staged write never published or
   * discarded, on stores that stage.
   *
   * @param target the store
   * @param bytes how many bytes to upload
   * @return whether an abandoned upload now exists
   * @throws Exception if it cannot be made
   */
  protected boolean abandonUpload(BlobStore target, int bytes) throws Exception {
    if (target instanceof dev.pedigree.storage.SupportsStagedWrites staging && target instanceof SupportsAbandonedUploads) {
      java.io.OutputStream out = staging.stage().output();
      out.write(new byte[bytes]);
      out.flush();
      return true; // the handle is dropped unpublished, as a killed process leaves it
    }
    return false;
  }

  @BeforeEach
  void openRepository() throws Exception {
    store = newStore();
    repo = open(store, "alice");
  }

  @AfterEach
  void closeRepository() throws Exception {
    repo.close();
    if (second != null && second != store) {
      second.close();
    }
    store.close();
  }

  private static Repository open(BlobStore on, String actor) {
    return Repository.builder(on).actor(actor).writerWindow(WINDOW).build();
  }

  private static GcOptions gcOptions() {
    return GcOptions.builder().writerWindow(WINDOW).build();
  }

  private ArtifactVersion register(Repository on, String artifact, byte[] content) {
    return on.artifacts().register(NewVersion.of(artifact, ArtifactKind.MODEL).bytes(content).build());
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDeletedVersionIsATombstoneThatSaysWhenByWhomAndWhy() {
    register(repo, "churn-model", text("one"));
    ArtifactVersion two = register(repo, "churn-model", text("two"));
    register(repo, "churn-model", text("three"));
    repo.artifacts().moveAlias("churn-model", "production", 3, "best");

    Deletion deletion = repo.artifacts().delete(two.id(), "trained on leaked labels");

    assertThat(deletion.actor()).isEqualTo("alice");
    assertThatThrownBy(() -> repo.artifacts().version(two.id()))
        .isInstanceOfSatisfying(GoneException.class, gone -> {
          assertThat(gone.deletedBy()).isEqualTo("alice");
          assertThat(gone.reason()).isEqualTo("trained on leaked labels");
          assertThat(gone.deletedAt()).isEqualTo(deletion.time());
        })
        .hasMessageContaining("Cannot read churn-model:2: it was deleted at " + deletion.time()
            + " by alice (trained on leaked labels)");
    assertThatThrownBy(() -> repo.artifacts().resolve("churn-model:2")).isInstanceOf(GoneException.class);
    assertThatThrownBy(() -> repo.artifacts().moveAlias("churn-model", "staging", 2, "try"))
        .isInstanceOf(GoneException.class).hasMessageStartingWith("Cannot move alias 'staging' to churn-model:2");
    assertThatThrownBy(() -> repo.artifacts().delete(new VersionId("churn-model", 3), "clean-up"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot delete churn-model:3: alias 'production' holds it; move the alias to another version first"
            + " (moveAlias or rollback)");
    assertThat(repo.artifacts().versions("churn-model", VersionQuery.all(), null).items())
        .extracting(ArtifactVersion::number).containsExactly(3, 1);
    assertThat(repo.artifacts().delete(two.id(), "again")).as("deleting twice keeps the first deletion").isEqualTo(deletion);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.VERSION_DELETED)).toList())
        .singleElement().satisfies(event -> {
          assertThat(event.subject()).isEqualTo("churn-model:2");
          assertThat(event.details()).containsEntry("reason", "trained on leaked labels");
        });
    assertThat(repo.verify().intact()).isTrue();
  }

  @Test
  void deletingARunKeepsItsLineageAsHistoryAndDeletingAnArtifactRemovesItsAliases() {
    ArtifactVersion data = register(repo, "raw-customers", text("id,tenure\n1,3\n"));
    ArtifactVersion model;
    String runId;
    try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.0"))) {
      run.input(data);
      model = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(text("weights")).build());
      run.succeed();
      runId = run.id();
    }
    repo.artifacts().moveAlias("raw-customers", "production", 1, "first");

    repo.runs().delete(runId, "recorded by mistake");

    assertThatThrownBy(() -> repo.runs().run(runId)).isInstanceOf(GoneException.class).hasMessageContaining("recorded by mistake");
    assertThat(repo.runs().list()).isEmpty();
    assertThat(repo.lineage().upstream(model.id()).runs()).singleElement()
        .satisfies(node -> assertThat(node.status()).isEqualTo(RunStatus.DELETED));
    assertThat(repo.lineage().upstream(model.id()).contains(data.id())).as("edges kept as history").isTrue();

    repo.artifacts().deleteArtifact("raw-customers", "source retired");

    assertThat(repo.artifacts().list("").map(info -> info.name()).toList()).containsExactly("churn-model");
    assertThat(repo.artifacts().aliases("raw-customers")).isEmpty();
    assertThatThrownBy(() -> repo.artifacts().resolve("raw-customers:1")).isInstanceOf(GoneException.class);
    assertThat(repo.artifacts().aliasHistory("raw-customers", "production")).hasSize(2);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ARTIFACT_DELETED)).count()).isEqualTo(1);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.RUN_DELETED)).count()).isEqualTo(1);
    ArtifactVersion again = register(repo, "raw-customers", text("id,tenure\n2,5\n"));
    assertThat(again.number()).as("numbering continues after the deleted versions").isEqualTo(2);
    assertThat(repo.lineage().upstream(model.id()).versions()).contains(data.id());
    assertThat(repo.verify().intact()).isTrue();
  }

  @Test
  void retentionIsADryRunFirstAndSaysWhyEachVersionIsKept() {
    for (int i = 1; i <= 8; i++) {
      register(repo, "churn-model", text("weights " + i));
    }
    repo.artifacts().moveAlias("churn-model", "production", 2, "first in production");
    repo.artifacts().moveAlias("churn-model", "production", 5, "better");
    repo.artifacts().moveAlias("churn-model", "staging", 4, "candidate");
    repo.artifacts().moveAlias("churn-model", "staging", 8, "candidate");
    repo.artifacts().setTag(new VersionId("churn-model", 1), "pinned", "audit-2024");
    RetentionPolicy policy = RetentionPolicy.builder().keepLast(3).keepAliasHolders(RetentionPolicy.EVER, "production")
        .keepTagged("pinned").build();

    RetentionPlan plan = repo.maintenance().planRetention(policy);

    assertThat(plan.toDelete()).extracting(VersionId::number).containsExactly(4, 3);
    Map<Integer, List<String>> reasons = new TreeMap<>();
    for (RetentionDecision decision : plan.kept()) {
      reasons.put(decision.version().number(), decision.reasons());
    }
    assertThat(reasons).containsOnlyKeys(1, 2, 5, 6, 7, 8);
    assertThat(reasons.get(8)).containsExactly("the newest version", "held by alias 'staging' now");
    assertThat(reasons.get(5)).containsExactly("held by alias 'production' now");
    assertThat(reasons.get(2)).singleElement().asString().startsWith("held by alias 'production' until ");
    assertThat(reasons.get(1)).containsExactly("tagged pinned=audit-2024");
    assertThat(repo.artifacts().version(new VersionId("churn-model", 3))).as("a dry run changes nothing").isNotNull();

    RetentionPlan applied = repo.maintenance().applyRetention(policy, "keep the store small");

    assertThat(applied.deleted()).extracting(VersionId::number).containsExactly(4, 3);
    assertThat(repo.artifacts().deletion(new VersionId("churn-model", 4))).get()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("retention: keep the store small"));
    assertThat(repo.maintenance().planRetention(policy).toDelete()).isEmpty();
  }

  @Test
  void lineageInputsOfKeptVersionsAreKept() {
    List<ArtifactVersion> features = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      features.add(register(repo, "features", text("rows " + i)));
    }
    try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.0"))) {
      run.input(features.get(0));
      run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(text("weights")).build());
      run.succeed();
    }
    RetentionPolicy policy = RetentionPolicy.builder().artifacts("features", "churn-model").keepLast(1)
        .keepLineageInputs().build();

    RetentionPlan plan = repo.maintenance().planRetention(policy);

    assertThat(plan.toDelete()).extracting(VersionId::toString).containsExactlyInAnyOrder("features:3", "features:2");
    assertThat(plan.kept()).filteredOn(d -> d.version().equals(features.get(0).id())).singleElement()
        .satisfies(d -> assertThat(d.reasons()).singleElement().asString().startsWith("input of churn-model:1 (run "));
  }

  @Test
  void collectionReclaimsDeletedContentAndKeepsEverythingElse() throws Exception {
    byte[] shared = text("shared weights");
    ArtifactVersion first = register(repo, "churn-model", shared);
    ArtifactVersion unique = register(repo, "churn-model", filler(50_000, 7));
    ArtifactVersion reuse = register(repo, "churn-model", shared);
    repo.artifacts().register(NewVersion.of("report", ArtifactKind.REPORT).bytes(text("# report")).build());
    repo.artifacts().delete(first.id(), "superseded");
    repo.artifacts().delete(unique.id(), "superseded");
    long before = objectBytes(store);
    List<GcPhase> phases = new CopyOnWriteArrayList<>();

    GcSummary dry = repo.maintenance().gc(GcOptions.builder().dryRun().build());
    assertThat(objectBytes(store) - before).as("the dry run deleted nothing").isZero();
    GcSummary real = repo.maintenance().gc(GcOptions.builder().writerWindow(WINDOW).listener(new dev.pedigree.maintenance.GcListener() {
      @Override
      public void phase(GcPhase phase) {
        phases.add(phase);
      }
    }).build());

    assertThat(dry.objectsDeleted()).as("only the unique content is unreferenced").isEqualTo(1);
    assertThat(dry.bytesDeleted()).isEqualTo(50_000);
    assertThat(real.objectsDeleted()).isEqualTo(1);
    assertThat(real.bytesDeleted()).isEqualTo(50_000);
    assertThat(objectBytes(store)).isEqualTo(before - 50_000);
    assertThat(phases).containsSubsequence(GcPhase.MARK, GcPhase.LIST, GcPhase.ANNOUNCE, GcPhase.WAIT, GcPhase.REMARK,
        GcPhase.SWEEP, GcPhase.CLEANUP);
    assertThat(read(repo, reuse)).isEqualTo(shared);
    assertThat(repo.maintenance().gc(gcOptions()).objectsDeleted()).isZero();
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.GARBAGE_COLLECTED)).count()).isEqualTo(1);
    assertThat(repo.verify().intact()).isTrue();
  }

  @Test
  void collectionDiscardsUploadsOlderThanTheGracePeriod() throws Exception {
    if (!abandonUpload(store, 4096)) {
      return; // this backend keeps no unfinished uploads
    }
    assertThat(((SupportsAbandonedUploads) store).pendingUploads(Instant.now().plusSeconds(60))).hasSize(1);
    Thread.sleep(400);

    GcSummary summary = repo.maintenance().gc(GcOptions.builder().writerWindow(WINDOW)
        .uploadGracePeriod(Duration.ofMillis(200)).build());

    assertThat(summary.uploadsDiscarded()).isEqualTo(1);
    assertThat(summary.uploadBytes()).isEqualTo(4096);
    assertThat(((SupportsAbandonedUploads) store).pendingUploads(Instant.now().plusSeconds(60))).isEmpty();
  }

  @Test
  void collectionRewritesMostlyDeadPacksWhileAWriterReusesWhatItDrops(@org.junit.jupiter.api.io.TempDir Path temp)
      throws Exception {
    // Two directory versions of small files, so each registration writes one pack; the second
    // reuses the first's shared file, so the first pack holds one live object after the delete.
    byte[] shared = text("shared labels");
    Path first = directory(temp.resolve("v1"), Map.of("shared.txt", shared, "a.bin", filler(20_000, 1),
        "b.bin", filler(20_000, 2)));
    Path later = directory(temp.resolve("v2"), Map.of("shared.txt", shared, "c.bin", filler(5_000, 3)));
    ArtifactVersion old = registerDirectory(repo, "features", first);
    List<String> firstPack = keys(store, "packs/");
    assertThat(firstPack).as("a pack and its index").hasSize(2);
    ArtifactVersion kept = registerDirectory(repo, "features", later);
    second = secondClient(store);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Repository other = open(second, "bob")) {
      assertThat(read(other, old, "a.bin")).hasSize(20_000); // bob now knows the first pack
      repo.artifacts().delete(old.id(), "superseded");
      java.util.concurrent.atomic.AtomicReference<Future<ArtifactVersion>> writer =
          new java.util.concurrent.atomic.AtomicReference<>();

      GcSummary gc = repo.maintenance().gc(GcOptions.builder().writerWindow(WINDOW).listener(new dev.pedigree.maintenance.GcListener() {
        @Override
        public void progress(GcPhase phase, long done, long total) {
          if (phase == GcPhase.SWEEP && done == total && writer.get() == null) {
            // The run has just claimed the first pack's dead files and is about to rewrite it:
            // bob registers the same files again, deduplicating against that pack.
            writer.set(pool.submit(() -> registerDirectory(other, "features-copy", first)));
          }
        }
      }).build());
      ArtifactVersion copy = writer.get().get(2, TimeUnit.MINUTES);

      assertThat(gc.objectsDeleted()).as("a.bin and b.bin dropped from their pack, and the old manifest")
          .isGreaterThanOrEqualTo(3);
      assertThat(gc.bytesDeleted()).isGreaterThanOrEqualTo(40_000);
      assertThat(keys(store, "packs/")).as("the mostly dead pack was rewritten").doesNotContainAnyElementsOf(firstPack);
      assertThat(read(repo, kept, "shared.txt")).as("the live object of the rewritten pack moved").isEqualTo(shared);
      assertThat(read(repo, kept, "c.bin")).isEqualTo(filler(5_000, 3));
      assertThat(read(repo, copy, "a.bin")).as("bob's version, whose files the run dropped, stored them again")
          .isEqualTo(filler(20_000, 1));
      assertThat(read(other, copy, "b.bin")).isEqualTo(filler(20_000, 2));
      assertThat(repo.verify(dev.pedigree.VerifyOptions.full()).problems()).as("the full check").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.MINUTES) // the -Pstress variant on a slow backend
  void collectionWhileWritersReuseDeletedContent() throws Exception {
    int rounds = Integer.getInteger("pedigree.lifecycle.rounds", 5);
    int writersPerClient = Integer.getInteger("pedigree.lifecycle.writers", 2);
    second = secondClient(store);
    try (Repository other = open(second, "bob")) {
      Repository[] clients = {repo, other};
      Map<VersionId, Integer> live = new ConcurrentHashMap<>();
      Map<VersionId, Integer> deleted = new ConcurrentHashMap<>();
      AtomicLong registered = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      int writers = 2 * writersPerClient;
      // Each round lets every writer register a few more versions, so the work stays bounded on
      // slow backends while writers and the collection overlap.
      java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger(2);
      java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Repository client = clients[w % 2];
        String artifact = "data-" + w;
        int writer = w;
        futures.add(pool.submit(() -> {
          int i = 0;
          VersionId previous = null;
          java.util.Random random = new java.util.Random(writer);
          while (!stop.get()) {
            if (i >= allowed.get()) {
              Thread.sleep(5);
              continue;
            }
            // Eight payloads a writer, each deleted as soon as a newer version holds another one and
            // registered again later: a registration may reuse content a collection is deleting.
            int payload = random.nextInt(PAYLOADS);
            ArtifactVersion v = register(client, artifact, payload(writer, payload));
            registered.incrementAndGet();
            live.put(v.id(), payload);
            if (previous != null) {
              client.artifacts().delete(previous, "superseded");
              deleted.put(previous, live.remove(previous));
            }
            previous = v.id();
            counts.set(writer, ++i);
          }
          return null;
        }));
      }
      List<GcSummary> summaries = new ArrayList<>();
      try {
        for (int round = 0; round < rounds; round++) {
          int before = allowed.get();
          allowed.addAndGet(PER_ROUND);
          // Start collecting once every writer is under way again; it runs while they finish the round.
          long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
          while (!allStarted(counts, before + 1) && System.nanoTime() < giveUp && futures.stream().noneMatch(Future::isDone)) {
            Thread.sleep(10);
          }
          summaries.add(clients[round % 2].maintenance().gc(gcOptions()));
        }
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!allStarted(counts, allowed.get()) && System.nanoTime() < giveUp && futures.stream().noneMatch(Future::isDone)) {
          Thread.sleep(10);
        }
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
      long beforeFinal = objectBytes(store);
      GcSummary last = other.maintenance().gc(gcOptions());
      summaries.add(last);

      for (Map.Entry<VersionId, Integer> version : live.entrySet()) {
        int writer = Integer.parseInt(version.getKey().artifact().substring("data-".length()));
        assertThat(read(repo, repo.artifacts().version(version.getKey())))
            .as("%s reads back verified", version.getKey()).isEqualTo(payload(writer, version.getValue()));
      }
      for (VersionId gone : deleted.keySet()) {
        assertThatThrownBy(() -> other.artifacts().version(gone)).isInstanceOf(GoneException.class);
      }
      assertThat(repo.verify(dev.pedigree.VerifyOptions.full()).problems()).as("the full check").isEmpty();
      GcSummary after = repo.maintenance().gc(GcOptions.builder().dryRun().build());
      assertThat(after.candidates()).as("nothing unreferenced is left").isZero();
      long deletedObjects = summaries.stream().mapToLong(GcSummary::objectsDeleted).sum();
      long deletedBytes = summaries.stream().mapToLong(GcSummary::bytesDeleted).sum();
      long keptForWriters = summaries.stream().mapToLong(GcSummary::keptForWriters).sum();
      assertThat(deletedObjects).as("deleted content was reclaimed during the run").isPositive();
      System.out.printf("%s lifecycle: %d GC rounds, %d writers on 2 clients, %d versions registered, %d deleted,"
          + " %d live; GC deleted %d objects (%d bytes), kept %d that writers claimed or referenced; store objects %d"
          + " bytes before the last round, %d after%n", getClass().getSimpleName(), summaries.size(), writers,
          registered.get(), deleted.size(), live.size(), deletedObjects, deletedBytes, keptForWriters, beforeFinal,
          objectBytes(store));
    }
  }

  private static final int PAYLOADS = 8;
  private static final int PER_ROUND = 6;

  private static boolean allStarted(java.util.concurrent.atomic.AtomicLongArray counts, long atLeast) {
    for (int i = 0; i < counts.length(); i++) {
      if (counts.get(i) < atLeast) {
        return false;
      }
    }
    return true;
  }

  private static byte[] payload(int writer, int index) {
    return filler(3000 + 1000 * index, 1000L * writer + index);
  }

  private static byte[] filler(int size, long seed) {
    byte[] bytes = new byte[size];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    return bytes;
  }

  private static byte[] read(Repository on, ArtifactVersion version) throws Exception {
    try (InputStream in = on.artifacts().open(version)) {
      return in.readAllBytes();
    }
  }

  private static ArtifactVersion registerDirectory(Repository on, String artifact, Path directory) {
    return on.artifacts().register(NewVersion.of(artifact, ArtifactKind.DATASET).directory(directory).build());
  }

  private static Path directory(Path at, Map<String, byte[]> files) throws java.io.IOException {
    java.nio.file.Files.createDirectories(at);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      java.nio.file.Files.write(at.resolve(file.getKey()), file.getValue());
    }
    return at;
  }

  private static byte[] read(Repository on, ArtifactVersion version, String path) throws Exception {
    try (InputStream in = on.artifacts().open(version, path)) {
      return in.readAllBytes();
    }
  }

  private static List<String> keys(BlobStore on, String prefix) {
    return on.listAll(prefix).map(info -> info.key().value()).toList();
  }

  private static long objectBytes(BlobStore on) {
    return on.listAll("objects/").mapToLong(BlobInfo::size).sum();
  }
}
