package dev.pedigree.storage.gcs;

import static dev.pedigree.storage.gcs.GcsBlobStoreTest.assertSameStream;
import static dev.pedigree.storage.gcs.GcsBlobStoreTest.objectName;
import static dev.pedigree.storage.gcs.GcsBlobStoreTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.gcs.testserver.Fault;
import dev.pedigree.storage.gcs.testserver.FaultKind;
import dev.pedigree.storage.gcs.testserver.Operation;
import dev.pedigree.storage.gcs.testserver.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create-if-absent on the GCS protocol: the {@code ifGenerationMatch=0} precondition under
 * races, for single-request and resumable uploads, and what the store concludes when answers
 * are lost or the service fails.
 */
class GcsCreateIfAbsentTest {
  private static final int MIB = 1024 * 1024;
  private static GcsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aCreateSendsIfGenerationMatchZeroAndTagsTheObjectWithItsWriteId() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("refs/main/@log/1");
    fixture.server.clearRequests();
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("first")))).isEqualTo(CreateResult.CREATED);
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("second")))).isEqualTo(CreateResult.ALREADY_EXISTS);
    try (InputStream in = store.read(key)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("first"));
    }
    List<RecordedRequest> inserts = requests(Operation.INSERT, objectName(store, key));
    assertThat(inserts).hasSize(2).allSatisfy(r -> assertThat(r.query()).containsEntry("ifGenerationMatch", "0"));
    assertThat(inserts).extracting(RecordedRequest::status).containsExactly(200, 412);
    assertThat(fixture.server.metadata(GcsFixture.BUCKET, objectName(store, key)))
        .hasEntrySatisfying(GcsBlobStore.WRITE_ID, id -> assertThat(id).matches("[0-9a-f-]{36}"));
  }

  @Test
  void sixteenThreadsRacingToCreateOneKeyHaveExactlyOneWinnerEveryRound() throws Exception {
    // Four clients stand for four machines; sixteen threads share them.
    List<Storage> clients = List.of(fixture.storage, fixture.server.client(), fixture.server.client(), fixture.server.client());
    String prefix = GcsFixture.freshPrefix();
    try {
      race(16, 20, t -> GcsFixture.store(clients.get(t % clients.size()), prefix),
          (t, round) -> BlobSource.ofBytes(utf8("writer " + t + " round " + round)));
    } finally {
      for (Storage client : clients.subList(1, clients.size())) {
        client.close();
      }
    }
  }

  @Test
  void racingResumableCreatesAlsoHaveExactlyOneWinner() throws Exception {
    String prefix = GcsFixture.freshPrefix();
    race(16, 4, t -> new GcsBlobStore(fixture.storage, GcsFixture.BUCKET, prefix, null, false, 0, 256 * 1024, false),
        (t, round) -> GcsFixture.generated(300_000 + t, 1000L * round + t));
    assertThat(fixture.server.requests()).filteredOn(r -> r.objectName() != null && r.objectName().startsWith(prefix)
        && !r.objectName().contains(GcsWriteProbe.FOLDER))
        .extracting(RecordedRequest::operation).doesNotContain(Operation.INSERT).contains(Operation.RESUMABLE_PUT);
  }

  @Test
  void aLargeObjectIsCreatedConditionallyByAStreamedResumableUpload() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("objects/large");
    long size = 64L * MIB + 12_345;
    fixture.server.clearRequests();
    assertThat(store.createIfAbsent(key, GcsFixture.generated(size, 64))).isEqualTo(CreateResult.CREATED);

    String name = objectName(store, key);
    assertThat(requests(Operation.INSERT, name)).isEmpty();
    assertThat(requests(Operation.RESUMABLE_START, name)).singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("ifGenerationMatch", "0"));
    List<RecordedRequest> puts = requests(Operation.RESUMABLE_PUT, name);
    // Streamed in chunks no larger than the chunk size: the object was never sent, or held, whole.
    assertThat(puts).hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(r -> assertThat(r.bodyBytes()).isLessThanOrEqualTo(GcsBlobStore.DEFAULT_CHUNK_SIZE));
    assertThat(puts.stream().mapToLong(RecordedRequest::bodyBytes).sum()).isEqualTo(size);
    assertThat(store.stat(key)).contains(new BlobInfo(key, size));
    try (InputStream actual = store.read(key); InputStream expected = GcsFixture.generatedStream(size, 64)) {
      assertSameStream(actual, expected);
    }

    // A second create is refused when its upload is finalized; the first content stays.
    fixture.server.clearRequests();
    assertThat(store.createIfAbsent(key, GcsFixture.generated(5L * MIB, 65))).isEqualTo(CreateResult.ALREADY_EXISTS);
    List<RecordedRequest> refused = requests(Operation.RESUMABLE_PUT, name);
    assertThat(refused).isNotEmpty();
    assertThat(refused.get(refused.size() - 1).status()).isEqualTo(412);
    assertThat(store.stat(key)).contains(new BlobInfo(key, size));
  }

  @Test
  void aResumableCreateRefusedAtItsStartIsAlreadyExistsAndSendsNoBytes() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("refused-at-start");
    store.write(key, BlobSource.ofBytes(utf8("first")));
    fixture.server.checkPreconditionsAtUploadStart(true);
    try {
      assertThat(store.createIfAbsent(key, GcsFixture.generated(5L * MIB, 1))).isEqualTo(CreateResult.ALREADY_EXISTS);
    } finally {
      fixture.server.checkPreconditionsAtUploadStart(false);
    }
    String name = objectName(store, key);
    assertThat(requests(Operation.RESUMABLE_START, name)).singleElement().extracting(RecordedRequest::status).isEqualTo(412);
    assertThat(requests(Operation.RESUMABLE_PUT, name)).isEmpty();
    assertThat(store.stat(key)).contains(new BlobInfo(key, 5));
  }

  @Test
  void aFileSourceIsStreamedFromItsFile(@TempDir Path dir) throws IOException {
    GcsBlobStore store = fixture.newStore();
    Path file = dir.resolve("content.bin");
    long size = 6L * MIB + 7;
    try (InputStream in = GcsFixture.generatedStream(size, 6); OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    BlobKey key = BlobKey.of("from-file");
    store.write(BlobKey.of("probed"), BlobSource.ofBytes(new byte[] {1})); // the write probe runs before the first write
    fixture.server.clearRequests();
    assertThat(store.createIfAbsent(key, BlobSource.ofFile(file))).isEqualTo(CreateResult.CREATED);
    assertThat(requests(Operation.RESUMABLE_START, objectName(store, key))).singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("ifGenerationMatch", "0"));
    assertThat(requests(Operation.RESUMABLE_PUT, objectName(store, key))).extracting(RecordedRequest::bodyBytes)
        .containsExactly(size);
    try (InputStream actual = store.read(key); InputStream expected = Files.newInputStream(file)) {
      assertSameStream(actual, expected);
    }
    assertThat(store.createIfAbsent(key, BlobSource.ofFile(file))).isEqualTo(CreateResult.ALREADY_EXISTS);
    store.write(key, BlobSource.ofFile(file));
    assertThat(store.stat(key)).contains(new BlobInfo(key, size));
  }

  // --- lost answers and failures ---------------------------------------------------------------------

  @Test
  void aCreateWhoseAnswerWasLostAfterItLandedIsCreatedNotAlreadyExists() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("lost-answer");
    String name = objectName(store, key);
    fixture.server.inject(new Fault(Operation.INSERT, name, FaultKind.DROP_AFTER_APPLY, 1));
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine")))).isEqualTo(CreateResult.CREATED);
    // The client retried: its second attempt met its own first one with a 412.
    assertThat(requests(Operation.INSERT, name)).extracting(RecordedRequest::status).containsExactly(0, 412);
    try (InputStream in = store.read(key)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("mine"));
    }
  }

  @Test
  void aCreateWhoseEveryAnswerWasLostIsSettledByReadingTheKeyBack() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("all-lost");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.DROP_AFTER_APPLY, 100));
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine")))).isEqualTo(CreateResult.CREATED);
    assertThat(requests(Operation.INSERT, objectName(store, key))).hasSizeGreaterThan(1).extracting(RecordedRequest::status)
        .containsOnly(0);
  }

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void aLostAnswerWithoutClientRetriesIsSettledToo() throws Exception {
    try (Storage once = fixture.server.client(1)) {
      GcsBlobStore store = GcsFixture.store(once, GcsFixture.freshPrefix());
      BlobKey key = BlobKey.of("no-retries");
      fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.DROP_AFTER_APPLY, 1));
      assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine")))).isEqualTo(CreateResult.CREATED);
    }
  }

  @Test
  void aResumableCreateWhoseFinalAnswerWasLostIsCreated() throws IOException {
    GcsBlobStore store = fixture.newStore(0, 256 * 1024);
    BlobKey key = BlobKey.of("lost-final");
    String name = objectName(store, key);
    fixture.server.inject(new Fault(Operation.RESUMABLE_PUT, name, FaultKind.DROP_AFTER_APPLY, 1));
    assertThat(store.createIfAbsent(key, GcsFixture.generated(100_000, 3))).isEqualTo(CreateResult.CREATED);
    assertThat(requests(Operation.RESUMABLE_PUT, name)).hasSizeGreaterThan(1);
    try (InputStream actual = store.read(key); InputStream expected = GcsFixture.generatedStream(100_000, 3)) {
      assertSameStream(actual, expected);
    }
  }

  @Test
  void aFailedCreateOfAKeyAnotherWriterHoldsIsAlreadyExists() {
    String prefix = GcsFixture.freshPrefix();
    GcsBlobStore other = GcsFixture.store(fixture.storage, prefix);
    GcsBlobStore store = GcsFixture.store(fixture.storage, prefix);
    BlobKey key = BlobKey.of("held");
    assertThat(other.createIfAbsent(key, BlobSource.ofBytes(utf8("theirs")))).isEqualTo(CreateResult.CREATED);
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.UNAVAILABLE, 100));
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine")))).isEqualTo(CreateResult.ALREADY_EXISTS);
  }

  @Test
  void aFailedCreateThatLeftTheKeyAbsentIsOutcomeUnknown() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("unknown");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.UNAVAILABLE, 100));
    assertThatThrownBy(() -> store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine"))))
        .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> assertThat(e.key()).isEqualTo("unknown"))
        .hasMessage("Cannot tell whether " + store.location() + "unknown was created: the service failed (HTTP 503, "
            + "backendError), and the key does not exist now, but the write may still land; read the key again before "
            + "deciding what to do (nothing was cleaned up)");
  }

  @Test
  void connectionsDroppedBeforeAnythingLandedAreOutcomeUnknown() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("dropped");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.DROP_BEFORE_APPLY, 100));
    assertThatThrownBy(() -> store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine"))))
        .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("the request got no answer (");
    assertThat(store.exists(key)).isFalse();
  }

  @Test
  void whenTheKeyCannotBeReadBackEitherTheOutcomeIsUnknown() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("unreadable");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.UNAVAILABLE, 100));
    fixture.server.inject(new Fault(Operation.GET, objectName(store, key), FaultKind.UNAVAILABLE, 100));
    assertThatThrownBy(() -> store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine"))))
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("reading the key back failed too (the service failed (HTTP 503");
  }

  @Test
  void aRefusedCreateIsAPlainStorageException() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("refused");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.FORBIDDEN, 1));
    assertThatThrownBy(() -> store.createIfAbsent(key, BlobSource.ofBytes(utf8("mine"))))
        .isExactlyInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot create " + store.location() + "refused: access was denied (HTTP 403)");
  }

  @Test
  void anUnconditionalWriteWithoutAnAnswerIsOutcomeUnknownAndARefusedOneIsNot() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("cache");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.UNAVAILABLE, 1));
    assertThatThrownBy(() -> store.write(key, BlobSource.ofBytes(utf8("v"))))
        .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> assertThat(e.key()).isEqualTo("cache"))
        .hasMessageContaining("may or may not have taken effect");
    fixture.server.inject(new Fault(Operation.INSERT, objectName(store, key), FaultKind.FORBIDDEN, 1));
    assertThatThrownBy(() -> store.write(key, BlobSource.ofBytes(utf8("v")))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("access was denied (HTTP 403)");
    store.write(key, BlobSource.ofBytes(utf8("v")));
    assertThat(store.exists(key)).isTrue();
  }

  // --- helpers -----------------------------------------------------------------------------------

  interface StoreForThread {
    GcsBlobStore store(int thread);
  }

  interface ContentFor {
    BlobSource content(int thread, int round);
  }

  /** Runs {@code rounds} races of {@code threads} creates of one fresh key; checks one winner and its content. */
  private static void race(int threads, int rounds, StoreForThread stores, ContentFor contents) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        BlobKey key = BlobKey.of("race/" + round);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<CreateResult>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          int r = round;
          results.add(pool.submit(() -> {
            GcsBlobStore store = stores.store(thread);
            BlobSource content = contents.content(thread, r);
            start.await();
            return store.createIfAbsent(key, content);
          }));
        }
        int winner = -1;
        for (int t = 0; t < threads; t++) {
          if (results.get(t).get() == CreateResult.CREATED) {
            assertThat(winner).as("a second winner in round " + round).isEqualTo(-1);
            winner = t;
          }
        }
        assertThat(winner).as("the winner of round " + round).isNotNegative();
        try (InputStream actual = stores.store(0).read(key); InputStream expected = contents.content(winner, round).open()) {
          assertSameStream(actual, expected);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<RecordedRequest> requests(Operation operation, String objectName) {
    return fixture.server.requests().stream()
        .filter(r -> r.operation() == operation && objectName.equals(r.objectName()))
        .toList();
  }
}
