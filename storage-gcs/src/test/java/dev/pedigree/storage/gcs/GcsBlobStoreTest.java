package dev.pedigree.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.gcs.testserver.Operation;
import dev.pedigree.storage.gcs.testserver.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store's reads, writes, listing and validation, through the real client against the test server. */
class GcsBlobStoreTest {
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
  void writtenContentIsReadBackAndStatted() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("objects/ab/cdef");
    assertThat(store.stat(key)).isEmpty();
    assertThat(store.exists(key)).isFalse();
    store.write(key, BlobSource.ofBytes(utf8("first")));
    assertThat(store.stat(key)).contains(new BlobInfo(key, 5));
    assertThat(read(store, key)).isEqualTo("first");
    store.write(key, BlobSource.ofBytes(utf8("second, longer")));
    assertThat(read(store, key)).isEqualTo("second, longer");
    assertThat(store.stat(key)).contains(new BlobInfo(key, 14));
  }

  @Test
  void emptyContentIsAnObjectOfSizeZero() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("empty");
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(new byte[0]))).isEqualTo(CreateResult.CREATED);
    assertThat(store.stat(key)).contains(new BlobInfo(key, 0));
    try (InputStream in = store.read(key)) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void keysLiveUnderTheStoresPrefixInTheBucket() {
    String prefix = GcsFixture.freshPrefix();
    GcsBlobStore store = GcsFixture.store(fixture.storage, prefix);
    store.write(BlobKey.of("refs/main"), BlobSource.ofBytes(utf8("x")));
    assertThat(fixture.server.objectNames(GcsFixture.BUCKET)).contains(prefix + "/refs/main");
    assertThat(store.location()).isEqualTo(URI.create("gs://" + GcsFixture.BUCKET + "/" + prefix + "/"));
    assertThat(store.toString()).isEqualTo("GcsBlobStore[gs://" + GcsFixture.BUCKET + "/" + prefix + "/]");

    GcsBlobStore neighbour = GcsFixture.store(fixture.storage, prefix + "-other");
    assertThat(neighbour.exists(BlobKey.of("refs/main"))).isFalse();
    assertThat(neighbour.list("", null, 10).entries()).isEmpty();
  }

  @Test
  void aStoreOnTheBucketRootUsesKeysAsObjectNames() {
    fixture.server.createBucket("root-bucket");
    GcsBlobStore store = new GcsBlobStore(fixture.storage, "root-bucket", "");
    store.write(BlobKey.of("a/b"), BlobSource.ofBytes(utf8("x")));
    assertThat(fixture.server.objectNames("root-bucket")).filteredOn(n -> !n.startsWith(GcsWriteProbe.FOLDER))
        .containsExactly("a/b");
    assertThat(store.list("", null, 10).entries()).extracting(BlobInfo::key).containsExactly(BlobKey.of("a/b"));
    assertThat(store.location()).isEqualTo(URI.create("gs://root-bucket/"));
  }

  @Test
  void readingAMissingKeyIsBlobNotFound() {
    GcsBlobStore store = fixture.newStore();
    assertThatThrownBy(() -> store.read(BlobKey.of("nope")))
        .isInstanceOfSatisfying(BlobNotFoundException.class, e -> assertThat(e.key()).isEqualTo("nope"))
        .hasMessageContaining("Cannot read key 'nope' from gs://" + GcsFixture.BUCKET + "/");
  }

  @Test
  void deleteSaysWhetherTheKeyExisted() {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("doomed");
    store.write(key, BlobSource.ofBytes(utf8("x")));
    assertThat(store.delete(key)).isTrue();
    assertThat(store.delete(key)).isFalse();
    assertThat(store.exists(key)).isFalse();
  }

  @Test
  void aLargeReadStreamsEveryByte() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("large-read");
    long size = 5L * 1024 * 1024 + 3;
    fixture.server.putObject(GcsFixture.BUCKET, objectName(store, key), GcsFixture.generated(size, 11).readAllBytes());
    try (InputStream actual = store.read(key); InputStream expected = GcsFixture.generatedStream(size, 11)) {
      assertSameStream(actual, expected);
    }
  }

  @Test
  void aClosedStreamRefusesFurtherReads() throws IOException {
    GcsBlobStore store = fixture.newStore();
    BlobKey key = BlobKey.of("closed");
    store.write(key, BlobSource.ofBytes(utf8("abc")));
    InputStream in = store.read(key);
    assertThat(in.read()).isEqualTo('a');
    in.close();
    in.close();
    assertThatThrownBy(() -> in.read(new byte[100 * 1024])).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  // --- listing ---------------------------------------------------------------------------------

  @Test
  void listingReturnsKeysUnderThePrefixInOrderWithSizes() {
    GcsBlobStore store = fixture.newStore();
    for (String k : List.of("b/2", "a/1", "a/3", "a/2", "ab", "c")) {
      store.write(BlobKey.of(k), BlobSource.ofBytes(utf8(k)));
    }
    BlobPage page = store.list("a/", null, 10);
    assertThat(page.entries()).containsExactly(info("a/1", 3), info("a/2", 3), info("a/3", 3));
    assertThat(page.hasMore()).isFalse();
    assertThat(keys(store.list("a", null, 10))).containsExactly("a/1", "a/2", "a/3", "ab");
    assertThat(keys(store.list("", null, 10))).containsExactly("a/1", "a/2", "a/3", "ab", "b/2", "c");
    assertThat(store.list("zzz", null, 10).entries()).isEmpty();
  }

  @Test
  void listingPagesFromStartAfterAndSaysExactlyWhetherMoreFollow() {
    GcsBlobStore store = fixture.newStore();
    for (int i = 0; i < 7; i++) {
      store.write(BlobKey.of("k/" + i), BlobSource.ofBytes(utf8("v")));
    }
    BlobPage first = store.list("k/", null, 3);
    assertThat(keys(first)).containsExactly("k/0", "k/1", "k/2");
    assertThat(first.nextStartAfter()).contains(BlobKey.of("k/2"));
    BlobPage second = store.list("k/", first.nextStartAfter().orElseThrow(), 3);
    assertThat(keys(second)).containsExactly("k/3", "k/4", "k/5");
    BlobPage third = store.list("k/", second.nextStartAfter().orElseThrow(), 3);
    assertThat(keys(third)).containsExactly("k/6");
    assertThat(third.hasMore()).isFalse();

    BlobPage exact = store.list("k/", BlobKey.of("k/3"), 3);
    assertThat(keys(exact)).containsExactly("k/4", "k/5", "k/6");
    assertThat(exact.hasMore()).isFalse();
    assertThat(keys(store.list("k/", BlobKey.of("k/35"), 10))).containsExactly("k/4", "k/5", "k/6");
    assertThat(keys(store.list("k/", BlobKey.of("a"), 2))).containsExactly("k/0", "k/1");
    assertThat(store.list("k/", BlobKey.of("k/6"), 10).entries()).isEmpty();
    assertThat(store.list("k/", BlobKey.of("z"), 10).entries()).isEmpty();
  }

  @Test
  void aPageCostsOneListRequest() {
    GcsBlobStore store = fixture.newStore();
    for (int i = 0; i < 20; i++) {
      store.write(BlobKey.of(String.format("p/%02d", i)), BlobSource.ofBytes(utf8("v")));
    }
    fixture.server.clearRequests();
    BlobPage page = store.list("p/", BlobKey.of("p/04"), 10);
    assertThat(keys(page)).hasSize(10).first().isEqualTo("p/05");
    assertThat(page.nextStartAfter()).contains(BlobKey.of("p/14"));
    List<RecordedRequest> lists = fixture.server.requests().stream().filter(r -> r.operation() == Operation.LIST).toList();
    assertThat(lists).hasSize(1);
    assertThat(lists.get(0).query()).containsEntry("startOffset", objectName(store, BlobKey.of("p/04")));
  }

  @Test
  void listAllStreamsEveryKeyAcrossServicePages() {
    GcsBlobStore store = fixture.newStore();
    List<String> expected = IntStream.range(0, 1100).mapToObj(i -> String.format("many/%05d", i)).toList();
    for (String k : expected) {
      fixture.server.putObject(GcsFixture.BUCKET, objectName(store, BlobKey.of(k)), utf8(k));
    }
    fixture.server.clearRequests();
    assertThat(store.listAll("many/").map(i -> i.key().value()).collect(Collectors.toList())).isEqualTo(expected);
    assertThat(fixture.server.requests()).filteredOn(r -> r.operation() == Operation.LIST).hasSize(2);
    BlobPage big = store.list("many/", null, 5000);
    assertThat(big.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(1000);
    assertThat(big.nextStartAfter()).contains(big.entries().get(big.entries().size() - 1).key());
  }

  @Test
  void listingSkipsObjectsWhoseNamesAreNotPedigreeKeys() {
    GcsBlobStore store = fixture.newStore();
    store.write(BlobKey.of("d/a"), BlobSource.ofBytes(utf8("1")));
    store.write(BlobKey.of("d/z"), BlobSource.ofBytes(utf8("2")));
    for (String foreign : List.of("d/", "d/b c", "d/m//n", "d/x/../y")) {
      fixture.server.putObject(GcsFixture.BUCKET, objectName(store, BlobKey.of("d")) + foreign.substring(1), utf8("f"));
    }
    assertThat(keys(store.list("d/", null, 10))).containsExactly("d/a", "d/z");
    assertThat(keys(store.list("d/", null, 1))).containsExactly("d/a");
    assertThat(store.list("d/", null, 1).nextStartAfter()).contains(BlobKey.of("d/a"));
  }

  @Test
  void listingRejectsBadArguments() {
    GcsBlobStore store = fixture.newStore();
    assertThatThrownBy(() -> store.list("", null, 0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxKeys must be at least 1");
    assertThatThrownBy(() -> store.list("/abs", null, 1)).hasMessageContaining("Cannot list keys under prefix '/abs'");
  }

  // --- sources that misbehave ----------------------------------------------------------------------

  @Test
  void aSourceThatCannotBeOpenedWritesNothing() {
    GcsBlobStore store = fixture.newStore();
    // The write probe runs before a store's first write; run it here so that only the failed create is seen.
    store.write(BlobKey.of("first"), BlobSource.ofBytes(new byte[] {1}));
    BlobSource broken = new BlobSource() {
      @Override
      public long size() {
        return 10;
      }

      @Override
      public InputStream open() throws IOException {
        throw new IOException("disk gone");
      }
    };
    fixture.server.clearRequests();
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("k"), broken))
        .isExactlyInstanceOf(StorageException.class)
        .hasMessage("Cannot write key 'k': reading its content failed (disk gone); nothing was written, check the source and retry");
    assertThat(fixture.server.requests()).isEmpty();
  }

  @Test
  void aSourceShorterOrLongerThanDeclaredIsRefusedAndNothingBecomesVisible() {
    GcsBlobStore store = fixture.newStore(1024 * 1024, 256 * 1024);
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("small-short"), declared(100, 99)))
        .isExactlyInstanceOf(StorageException.class).hasMessageContaining("yielded 99 bytes but declared 100");
    assertThatThrownBy(() -> store.write(BlobKey.of("small-long"), declared(100, 101)))
        .isExactlyInstanceOf(StorageException.class).hasMessageContaining("yielded 100 or more bytes but declared 100");
    // Resumable path: the session is left unfinished, so nothing is finalized.
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("big-short"), declared(3 * 1024 * 1024, 2 * 1024 * 1024)))
        .isExactlyInstanceOf(StorageException.class).hasMessageContaining("declared 3145728");
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("big-long"), declared(2 * 1024 * 1024, 3 * 1024 * 1024)))
        .isExactlyInstanceOf(StorageException.class).hasMessageContaining("or more bytes but declared 2097152");
    for (String k : List.of("small-short", "small-long", "big-short", "big-long")) {
      assertThat(store.exists(BlobKey.of(k))).as(k).isFalse();
    }
  }

  @Test
  void theConstructorValidatesBucketAndPrefix() {
    assertThatThrownBy(() -> new GcsBlobStore(fixture.storage, "Bad_Bucket", "p"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot open store 'gs://Bad_Bucket/p': 'Bad_Bucket' is not a valid bucket name; use 3 to 222 "
            + "lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    assertThatThrownBy(() -> new GcsBlobStore(fixture.storage, "ok-bucket", "a/../b"))
        .isInstanceOf(BackendConfigurationException.class).hasMessageContaining("prefix 'a/../b' is not valid key text");
    assertThatThrownBy(() -> new GcsBlobStore(fixture.storage, "ok-bucket", "x".repeat(600)))
        .isInstanceOf(BackendConfigurationException.class).hasMessageContaining("more than 511");
    assertThatThrownBy(() -> new GcsBlobStore(null, "ok-bucket", "")).isInstanceOf(InvalidRequestException.class);
    assertThat(new GcsBlobStore(fixture.storage, "ok-bucket", "a/b/").location()).isEqualTo(URI.create("gs://ok-bucket/a/b/"));
  }

  @Test
  void closingAStoreLeavesTheCallersClientOpen() {
    GcsBlobStore store = fixture.newStore();
    store.close();
    GcsBlobStore other = fixture.newStore();
    other.write(BlobKey.of("still-works"), BlobSource.ofBytes(utf8("x")));
    assertThat(other.exists(BlobKey.of("still-works"))).isTrue();
  }

  // --- helpers -----------------------------------------------------------------------------------

  static String objectName(GcsBlobStore store, BlobKey key) {
    String location = store.location().getPath();
    return location.substring(1) + key.value();
  }

  private static BlobSource declared(long declared, long actual) {
    return new BlobSource() {
      @Override
      public long size() {
        return declared;
      }

      @Override
      public InputStream open() {
        return GcsFixture.generatedStream(actual, 5);
      }
    };
  }

  private static BlobInfo info(String key, long size) {
    return new BlobInfo(BlobKey.of(key), size);
  }

  private static List<String> keys(BlobPage page) {
    List<String> keys = new ArrayList<>();
    page.entries().forEach(e -> keys.add(e.key().value()));
    return keys;
  }

  private static String read(GcsBlobStore store, BlobKey key) throws IOException {
    try (InputStream in = store.read(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static void assertSameStream(InputStream actual, InputStream expected) throws IOException {
    byte[] a = new byte[64 * 1024];
    byte[] e = new byte[64 * 1024];
    long position = 0;
    while (true) {
      int n = expected.readNBytes(e, 0, e.length);
      int m = actual.readNBytes(a, 0, n == 0 ? 1 : n);
      if (n == 0) {
        assertThat(m).as("bytes after the expected end at " + position).isZero();
        return;
      }
      assertThat(m).as("bytes read at " + position).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        if (a[i] != e[i]) {
          throw new AssertionError("content differs at byte " + (position + i));
        }
      }
      position += n;
    }
  }
}
