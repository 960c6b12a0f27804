package dev.pedigree.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsStagedWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} must have, as one JUnit 5 suite that each backend runs
 * by subclassing it and saying how to make a fresh, empty store:
 *
 * <pre>{@code
 * class FileBlobStoreContractTest extends BlobStoreContract {
 *   @TempDir Path folder;
 *
 *   @Override
 *   protected BlobStore newStore() {
 *     return new FileBlobStore(folder);
 *   }
 * }
 * }</pre>
 *
 * <p>It covers every operation of the SPI and its edge cases: round trips of empty, binary and
 * large streamed content; keys made of every allowed character; missing keys; create-if-absent
 * leaving the first content untouched, also under a race of many threads; listing order across
 * keys whose order differs from a folder walk, prefixes that end mid-segment, paging and
 * {@code startAfter}; sources that fail midway; and, for stores that implement
 * {@link SupportsStagedWrites}, staged writes. The protected hooks scale the heavy tests and
 * declare the few abilities a backend may lack.
 *
 * <p>Each test gets its own store from {@link #newStore()} and closes it afterwards.
 */
public abstract class BlobStoreContract {
  private BlobStore store;

  /** Lets subclasses be created by JUnit. */
  protected BlobStoreContract() {
  }

  /**
   * Returns a fresh, empty store; called once before each test. A folder store takes a new
   * temporary folder, a bucket store a unique prefix in its bucket.
   *
   * @return the store under test
   * @throws Exception if the store cannot be made
   */
  protected abstract BlobStore newStore() throws Exception;

  /**
   * Returns how many threads race to create one key.
   *
   * @return the number of threads, 16 unless overridden
   */
  protected int raceThreads() {
    return 16;
  }

  /**
   * Returns how many times the threads race, each time on a new key.
   *
   * @return the number of rounds, 100 unless overridden
   */
  protected int raceRounds() {
    return 100;
  }

  /**
   * Returns the size of the large object that is streamed in and out.
   *
   * @return bytes, 64 MiB unless overridden
   */
  protected long largeObjectSize() {
    return 64L << 20;
  }

  /**
   * Returns how many keys the listing test writes to span several pages of
   * {@link BlobStore#listAll(String)}.
   *
   * @return the number of keys, a little more than {@link BlobStore#DEFAULT_PAGE_SIZE} unless
   *     overridden
   */
  protected int manyKeys() {
    return BlobStore.DEFAULT_PAGE_SIZE + 25;
  }

  /**
   * Returns whether a key may exist together with keys below it, such as {@code a/b} with
   * {@code a/b/c}. Object stores can; a folder cannot be a file too, so a folder store returns
   * {@code false} and must then refuse such a write with a {@link StorageException}.
   *
   * @return {@code true} unless overridden
   */
  protected boolean keyAndKeysUnderItCanCoexist() {
    return true;
  }

  /**
   * Returns the store of the running test.
   *
   * @return the store {@link #newStore()} made for this test
   */
  protected final BlobStore store() {
    return store;
  }

  @BeforeEach
  final void openStore() throws Exception {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
    assertThat(store.list("", null, 1).entries()).as("a new store must be empty").isEmpty();
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- ranged reads (packs are read this way) ----------------------------------------------------

  @Test
  void aRangeReadsExactlyThoseBytes() throws IOException {
    byte[] content = new byte[100_000];
    new Random(7).nextBytes(content);
    store.createIfAbsent(key("packs/ranged"), BlobSource.ofBytes(content));

    for (long[] range : new long[][] {{0, 10}, {8, 1}, {12_345, 54_321}, {99_990, 10}, {0, 100_000}, {500, 0}, {100_000, 0}}) {
      try (InputStream in = store.read(key("packs/ranged"), range[0], range[1])) {
        assertThat(in.readAllBytes()).as("bytes %d..%d", range[0], range[0] + range[1])
            .isEqualTo(java.util.Arrays.copyOfRange(content, (int) range[0], (int) (range[0] + range[1])));
      }
    }
  }

  @Test
  void aRangePastTheEndFailsAndAMissingKeyIsNotFound() {
    store.createIfAbsent(key("packs/short"), text("0123456789"));

    assertThatThrownBy(() -> {
      try (InputStream in = store.read(key("packs/short"), 5, 10)) {
        in.readAllBytes();
      }
    }).isInstanceOf(StorageException.class).hasMessageContaining("packs/short");
    assertThatThrownBy(() -> {
      try (InputStream in = store.read(key("packs/short"), 20, 1)) {
        in.readAllBytes();
      }
    }).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.read(key("packs/missing"), 0, 1)).isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> store.read(key("packs/short"), -1, 1)).isInstanceOf(PedigreeException.class)
        .hasMessageStartingWith("Cannot read bytes");
  }

  // ---- round trips -----------------------------------------------------------------------------

  @Test
  void writeThenReadReturnsTheSameBytes() {
    store.write(key("docs/readme.txt"), text("hello, store"));

    assertThat(readText("docs/readme.txt")).isEqualTo("hello, store");
    assertThat(store.stat(key("docs/readme.txt"))).contains(new BlobInfo(key("docs/readme.txt"), 12));
    assertThat(store.exists(key("docs/readme.txt"))).isTrue();
  }

  @Test
  void writeReplacesTheContentOfAnExistingKey() {
    store.write(key("cache/entry"), text("the first, longer content"));
    store.write(key("cache/entry"), text("second"));

    assertThat(readText("cache/entry")).isEqualTo("second");
    assertThat(store.stat(key("cache/entry")).map(BlobInfo::size)).contains(6L);
    assertThat(keys(store.list("", null, 10))).containsExactly("cache/entry");
  }

  @Test
  void emptyContentIsStoredAndListedWithSizeZero() {
    store.write(key("empty/written"), BlobSource.ofBytes(new byte[0]));
    assertThat(store.createIfAbsent(key("empty/created"), BlobSource.ofBytes(new byte[0]))).isEqualTo(CreateResult.CREATED);

    assertThat(readBytes("empty/written")).isEmpty();
    assertThat(readBytes("empty/created")).isEmpty();
    assertThat(store.list("empty/", null, 10).entries())
        .containsExactly(new BlobInfo(key("empty/created"), 0), new BlobInfo(key("empty/written"), 0));
  }

  @Test
  void everyByteValueSurvivesTheRoundTrip() {
    byte[] content = new byte[256 * 5];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7);
    }
    store.write(key("binary/written"), BlobSource.ofBytes(content));
    store.createIfAbsent(key("binary/created"), BlobSource.ofBytes(content));

    assertThat(readBytes("binary/written")).isEqualTo(content);
    assertThat(readBytes("binary/created")).isEqualTo(content);
  }

  @Test
  void keysMadeOfEveryAllowedCharacterRoundTrip() {
    StringBuilder everyCharacter = new StringBuilder("chars/");
    for (char c = 0x21; c <= 0x7e; c++) {
      if (c != '/' && c != '\\') {
        everyCharacter.append(c);
      }
    }
    List<String> keys = new ArrayList<>(List.of(everyCharacter.toString(), "chars/...", "chars/.hidden", "chars/a.",
        "chars/%2F%20", "chars/a+b=c&d?e#f", "chars/~user", "chars/-", "chars/_/x", "chars/UPPER/lower"));
    keys.add(longestKey());
    for (String k : keys) {
      assertThat(store.createIfAbsent(key(k), text("content of " + k))).as(k).isEqualTo(CreateResult.CREATED);
    }

    for (String k : keys) {
      assertThat(readText(k)).as(k).isEqualTo("content of " + k);
      assertThat(store.stat(key(k))).as(k).isPresent();
    }
    assertThat(keys(store.listAll(""))).containsExactlyElementsOf(sorted(keys));
  }

  // ---- missing keys and deletes ----------------------------------------------------------------

  @Test
  void readingAMissingKeyThrowsBlobNotFoundException() {
    assertThatThrownBy(() -> store.read(key("missing/key")))
        .isInstanceOf(BlobNotFoundException.class)
        .satisfies(e -> assertThat(((BlobNotFoundException) e).key()).isEqualTo("missing/key"))
        .hasMessageContaining("missing/key");
  }

  @Test
  void statOfAMissingKeyIsEmpty() {
    assertThat(store.stat(key("missing/key"))).isEmpty();
    assertThat(store.exists(key("missing/key"))).isFalse();
  }

  @Test
  void deletingAMissingKeyReturnsFalse() {
    assertThat(store.delete(key("missing/key"))).isFalse();
  }

  @Test
  void theFolderOfAKeyAndPathsBelowAKeyAreNotKeys() {
    store.write(key("dir/child"), text("child"));

    for (String notAKey : List.of("dir", "dir/child/grandchild")) {
      assertThat(store.stat(key(notAKey))).as(notAKey).isEmpty();
      assertThatThrownBy(() -> store.read(key(notAKey))).as(notAKey).isInstanceOf(BlobNotFoundException.class);
      assertThat(store.delete(key(notAKey))).as(notAKey).isFalse();
    }
    assertThat(readText("dir/child")).isEqualTo("child");
  }

  @Test
  void deleteRemovesTheKeyFromReadStatAndList() {
    put("keep", "gone");

    assertThat(store.delete(key("gone"))).isTrue();

    assertThat(store.stat(key("gone"))).isEmpty();
    assertThatThrownBy(() -> store.read(key("gone"))).isInstanceOf(BlobNotFoundException.class);
    assertThat(keys(store.list("", null, 10))).containsExactly("keep");
    assertThat(store.delete(key("gone"))).isFalse();
  }

  @Test
  void aDeletedKeyCanBeCreatedAgainAndSoCanItsFormerFolder() {
    store.createIfAbsent(key("again/a/b"), text("first"));
    assertThat(store.delete(key("again/a/b"))).isTrue();

    assertThat(store.createIfAbsent(key("again/a/b"), text("second"))).isEqualTo(CreateResult.CREATED);
    assertThat(readText("again/a/b")).isEqualTo("second");

    assertThat(store.delete(key("again/a/b"))).isTrue();
    assertThat(store.createIfAbsent(key("again/a"), text("now a key"))).isEqualTo(CreateResult.CREATED);
    assertThat(keys(store.listAll("again"))).containsExactly("again/a");
  }

  // ---- create if absent ------------------------------------------------------------------------

  @Test
  void createIfAbsentCreatesOnceThenLeavesTheFirstContentUntouched() {
    assertThat(store.createIfAbsent(key("refs/main/00001"), text("first"))).isEqualTo(CreateResult.CREATED);
    assertThat(store.createIfAbsent(key("refs/main/00001"), text("second, and longer"))).isEqualTo(CreateResult.ALREADY_EXISTS);

    assertThat(readText("refs/main/00001")).isEqualTo("first");
    assertThat(store.stat(key("refs/main/00001")).map(BlobInfo::size)).contains(5L);
    assertThat(keys(store.list("", null, 10))).containsExactly("refs/main/00001");
  }

  @Test
  void createIfAbsentOnAWrittenKeyReportsAlreadyExists() {
    store.write(key("k"), text("written"));

    assertThat(store.createIfAbsent(key("k"), text("created"))).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(readText("k")).isEqualTo("written");
  }

  @Test
  void writeReplacesContentMadeByCreateIfAbsent() {
    store.createIfAbsent(key("k"), text("created"));
    store.write(key("k"), text("written"));

    assertThat(readText("k")).isEqualTo("written");
  }

  @Test
  void concurrentCreatesOfOneKeyHaveExactlyOneWinnerWhoseContentIsStored() {
    raceOnOneKeyPerRound("race/", raceRounds(), (key, content) -> store.createIfAbsent(key, BlobSource.ofBytes(content)));
  }

  // ---- listing ---------------------------------------------------------------------------------

  @Test
  void listingIsInAscendingOrderOfKeyTextNotOfAFolderWalk() {
    // '/' (0x2f) sorts after '!', '-' and '.', before digits and letters: a folder walk gets this wrong.
    List<String> keys = List.of("a!", "a-b", "a.b", "a/b-c", "a/b.c", "a/b/c", "a/b/c.d", "a/b0", "a/c", "a0", "ab",
        "b", "A", "Z/z", "~");
    putShuffled(keys);

    assertThat(keys(store.list("", null, 100))).containsExactlyElementsOf(sorted(keys));
    assertThat(keys(store.listAll(""))).containsExactlyElementsOf(sorted(keys));
    assertThat(keys(store.list("a/", null, 100))).containsExactly("a/b-c", "a/b.c", "a/b/c", "a/b/c.d", "a/b0", "a/c");
  }

  @Test
  void aKeyAndTheKeysUnderItAreListedInOrder() {
    assumeThat(keyAndKeysUnderItCanCoexist()).as("the store can hold a key and keys under it").isTrue();
    List<String> keys = List.of("a/b", "a/b/c", "a/b/c/d", "a-b", "a.b", "ab", "a/b-c", "a/b0", "a");
    putShuffled(keys);

    assertThat(keys(store.listAll(""))).containsExactlyElementsOf(sorted(keys));
    assertThat(keys(store.listAll("a/b"))).containsExactly("a/b", "a/b-c", "a/b/c", "a/b/c/d", "a/b0");
    assertThat(readText("a/b")).isEqualTo("content of a/b");
  }

  @Test
  void aKeyCannotBeTheFolderOfOtherKeysWhereTheStoreForbidsIt() {
    assumeThat(keyAndKeysUnderItCanCoexist()).as("the store cannot hold a key and keys under it").isFalse();
    put("k/v", "m/n/o");

    assertThatThrownBy(() -> store.createIfAbsent(key("k/v/w"), text("x"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.write(key("k/v/w"), text("x"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.createIfAbsent(key("m/n"), text("x"))).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.write(key("m/n"), text("x"))).isInstanceOf(StorageException.class);

    assertThat(readText("k/v")).isEqualTo("content of k/v");
    assertThat(readText("m/n/o")).isEqualTo("content of m/n/o");
    assertThat(keys(store.listAll(""))).containsExactly("k/v", "m/n/o");
  }

  @Test
  void aPrefixMatchesWholeAndPartialSegments() {
    put("data/file1", "data/file2", "data/sub/x", "data2/x", "data-x", "dat/y", "datax", "other", "v/a.b", "v/a.c", "v/ab");

    assertThat(keys(store.list("data/", null, 100))).containsExactly("data/file1", "data/file2", "data/sub/x");
    assertThat(keys(store.list("data", null, 100)))
        .containsExactly("data-x", "data/file1", "data/file2", "data/sub/x", "data2/x", "datax");
    assertThat(keys(store.list("data/f", null, 100))).containsExactly("data/file1", "data/file2");
    assertThat(keys(store.list("data/sub", null, 100))).containsExactly("data/sub/x");
    assertThat(keys(store.list("data/file1", null, 100))).containsExactly("data/file1");
    assertThat(keys(store.list("dat", null, 100)))
        .containsExactly("dat/y", "data-x", "data/file1", "data/file2", "data/sub/x", "data2/x", "datax");
    assertThat(keys(store.list("v/a.", null, 100))).containsExactly("v/a.b", "v/a.c");
    assertThat(store.list("nothing", null, 100).entries()).isEmpty();
    assertThat(store.list("nothing/at/all/", null, 100).entries()).isEmpty();
    assertThat(store.list("data/file1/", null, 100).entries()).isEmpty();
  }

  @Test
  void listingReportsEachKeysSize() {
    store.write(key("sizes/a"), text("1"));
    store.write(key("sizes/b"), text("22"));
    store.write(key("sizes/c/d"), text("4444"));

    assertThat(store.list("sizes/", null, 10).entries()).containsExactly(
        new BlobInfo(key("sizes/a"), 1), new BlobInfo(key("sizes/b"), 2), new BlobInfo(key("sizes/c/d"), 4));
  }

  @Test
  void anEmptyStoreListsOneEmptyLastPage() {
    BlobPage page = store.list("", null, 10);

    assertThat(page.entries()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  void pagingWithSmallPagesReturnsEveryKeyOnceInOrder() {
    List<String> keys = new ArrayList<>(List.of("a!", "a-b", "a.b", "a/b-c", "a/b.c", "a/b/c", "a/b/c.d", "a/b0",
        "a/c", "a0", "ab", "b"));
    IntStream.range(0, 11).forEach(i -> keys.add("p/" + (char) ('a' + i)));
    putShuffled(keys);

    for (String prefix : List.of("", "a", "a/", "p/")) {
      List<String> expected = sorted(keys.stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toList()));
      for (int maxKeys : new int[] {1, 2, 3, 5, 7, expected.size(), expected.size() + 1}) {
        assertThat(pagedKeys(prefix, null, maxKeys)).as("prefix '%s', %d per page", prefix, maxKeys)
            .containsExactlyElementsOf(expected);
      }
      BlobPage whole = store.list(prefix, null, expected.size());
      assertThat(keys(whole)).as("prefix '%s' in one exact page", prefix).containsExactlyElementsOf(expected);
      assertThat(whole.hasMore()).as("prefix '%s' in one exact page has no more", prefix).isFalse();
      BlobPage partial = store.list(prefix, null, expected.size() - 1);
      assertThat(partial.hasMore()).as("prefix '%s' one short has more", prefix).isTrue();
    }
  }

  @Test
  void startAfterAKeyThatDoesNotExistStartsAtTheNextKey() {
    put("k/1", "k/3", "k/5");

    assertThat(keys(store.list("k/", key("k/2"), 10))).containsExactly("k/3", "k/5");
    assertThat(keys(store.list("k/", key("k/4x"), 10))).containsExactly("k/5");
    assertThat(keys(store.list("k/", key("k/0"), 10))).containsExactly("k/1", "k/3", "k/5");
  }

  @Test
  void startAfterAnExistingKeyExcludesIt() {
    put("k/1", "k/3", "k/5");

    assertThat(keys(store.list("k/", key("k/3"), 10))).containsExactly("k/5");
    assertThat(keys(store.list("k/", key("k/1"), 1))).containsExactly("k/3");
  }

  @Test
  void startAfterBeforeThePrefixListsTheWholePrefix() {
    put("a/1", "k/1", "k/3", "z/1");

    assertThat(keys(store.list("k/", key("a/1"), 10))).containsExactly("k/1", "k/3");
    assertThat(keys(store.list("k/", key("k"), 10))).containsExactly("k/1", "k/3");
  }

  @Test
  void startAfterBeyondThePrefixListsNothing() {
    put("k/1", "k/3", "z/1");

    BlobPage afterPrefix = store.list("k/", key("l"), 10);
    assertThat(afterPrefix.entries()).isEmpty();
    assertThat(afterPrefix.hasMore()).isFalse();
    assertThat(store.list("k/", key("k/3"), 10).entries()).isEmpty();
  }

  @Test
  void startAfterInsideAFolderContinuesAfterIt() {
    put("f/a-", "f/a/1", "f/a/2", "f/a0", "f/b");

    assertThat(keys(store.list("f/", key("f/a/1"), 10))).containsExactly("f/a/2", "f/a0", "f/b");
    assertThat(keys(store.list("f/", key("f/a"), 10))).containsExactly("f/a-", "f/a/1", "f/a/2", "f/a0", "f/b");
    assertThat(keys(store.list("f/", key("f/a-"), 10))).containsExactly("f/a/1", "f/a/2", "f/a0", "f/b");
    assertThat(keys(store.list("f/", key("f/a/9"), 10))).containsExactly("f/a0", "f/b");
    assertThat(keys(store.list("f/a", key("f/a/2"), 10))).containsExactly("f/a0");
  }

  @Test
  void listAllStreamsEveryKeyAcrossSeveralPages() throws Exception {
    int count = manyKeys();
    List<String> keys = IntStream.range(0, count).mapToObj(i -> String.format("many/%06d", i)).collect(Collectors.toList());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CreateResult>> writes = new ArrayList<>();
      for (String k : keys) {
        writes.add(pool.submit(() -> store.createIfAbsent(key(k), text(k))));
      }
      for (Future<CreateResult> write : writes) {
        assertThat(write.get()).isEqualTo(CreateResult.CREATED);
      }
    } finally {
      pool.shutdown();
    }
    store.write(key("more"), text("after the prefix"));

    assertThat(keys(store.listAll("many/"))).containsExactlyElementsOf(keys);
    assertThat(store.listAll("many/").mapToLong(BlobInfo::size).sum()).isEqualTo(11L * count);
    assertThat(keys(store.listAll("many/", key(keys.get(count / 2))))).containsExactlyElementsOf(keys.subList(count / 2 + 1, count));
    assertThat(keys(store.listAll("")).size()).isEqualTo(count + 1);
  }

  @Test
  void listRejectsAnInvalidPrefixOrPageSize() {
    assertThatThrownBy(() -> store.list("", null, 0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxKeys must be at least 1");
    assertThatThrownBy(() -> store.list("/absolute", null, 10)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.list("a//", null, 10)).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.list("../", null, 10)).isInstanceOf(InvalidNameException.class);
  }

  // ---- large content and failures --------------------------------------------------------------

  @Test
  void aLargeObjectIsStreamedInAndOutIntact() {
    GeneratedBlobSource content = GeneratedBlobSource.of(largeObjectSize(), 20240611L);

    assertThat(store.createIfAbsent(key("large/object"), content)).isEqualTo(CreateResult.CREATED);

    assertThat(store.stat(key("large/object")).map(BlobInfo::size)).contains(largeObjectSize());
    assertThat(GeneratedBlobSource.digestOf(store.read(key("large/object")))).isEqualTo(content.digest());
  }

  @Test
  void aSourceThatFailsMidwayLeavesNothingVisible() {
    BlobSource failing = failingAfter(3L << 20, (1L << 20) + 12345);

    assertThatThrownBy(() -> store.write(key("broken/written"), failing)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.createIfAbsent(key("broken/created"), failing)).isInstanceOf(StorageException.class);

    assertThat(store.stat(key("broken/written"))).isEmpty();
    assertThat(store.stat(key("broken/created"))).isEmpty();
    assertThat(store.listAll("")).isEmpty();
    assertThat(store.createIfAbsent(key("broken/created"), text("whole"))).isEqualTo(CreateResult.CREATED);
  }

  @Test
  void aFailedWriteKeepsTheOldContent() {
    store.write(key("kept"), text("old content"));

    assertThatThrownBy(() -> store.write(key("kept"), failingAfter(1000, 500))).isInstanceOf(StorageException.class);

    assertThat(readText("kept")).isEqualTo("old content");
  }

  @Test
  void aSourceShorterThanItsDeclaredSizeIsRefused() {
    BlobSource liar = new BlobSource() {
      @Override
      public long size() {
        return 100;
      }

      @Override
      public InputStream open() {
        return GeneratedBlobSource.of(40, 1).open();
      }
    };

    assertThatThrownBy(() -> store.write(key("short/written"), liar)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.createIfAbsent(key("short/created"), liar)).isInstanceOf(StorageException.class);

    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  void locationIsAnAbsoluteUri() {
    assertThat(store.location()).isNotNull();
    assertThat(store.location().isAbsolute()).as("%s has a scheme", store.location()).isTrue();
  }

  // ---- staged writes ---------------------------------------------------------------------------

  @Test
  void stagedContentIsInvisibleUntilPublishedUnderItsKey() throws IOException {
    try (StagedBlob staged = staging().stage()) {
      for (int i = 0; i < 3; i++) {
        staged.output().write(("part " + i + ";").getBytes(UTF_8));
      }
      assertThat(store.listAll("")).isEmpty();

      assertThat(staged.publishIfAbsent(key("objects/staged"))).isEqualTo(CreateResult.CREATED);
    }

    assertThat(readText("objects/staged")).isEqualTo("part 0;part 1;part 2;");
    assertThat(keys(store.listAll(""))).containsExactly("objects/staged");
  }

  @Test
  void publishingOntoAnExistingKeyKeepsTheOldContent() throws IOException {
    store.createIfAbsent(key("objects/existing"), text("old"));

    try (StagedBlob staged = staging().stage()) {
      staged.output().write("new and longer".getBytes(UTF_8));
      assertThat(staged.publishIfAbsent(key("objects/existing"))).isEqualTo(CreateResult.ALREADY_EXISTS);
    }

    assertThat(readText("objects/existing")).isEqualTo("old");
    assertThat(keys(store.listAll(""))).containsExactly("objects/existing");
  }

  @Test
  void closingStagedContentWithoutPublishingLeavesNothing() throws IOException {
    try (StagedBlob staged = staging().stage()) {
      staged.output().write(new byte[100_000]);
    }

    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  void largeStagedContentIsPublishedIntact() throws IOException {
    GeneratedBlobSource content = GeneratedBlobSource.of(5L << 20, 99);
    try (StagedBlob staged = staging().stage(); InputStream in = content.open()) {
      in.transferTo(staged.output());
      assertThat(staged.publishIfAbsent(key("objects/large"))).isEqualTo(CreateResult.CREATED);
    }

    assertThat(store.stat(key("objects/large")).map(BlobInfo::size)).contains(5L << 20);
    assertThat(GeneratedBlobSource.digestOf(store.read(key("objects/large")))).isEqualTo(content.digest());
  }

  @Test
  void concurrentPublishesOfOneKeyHaveExactlyOneWinnerWhoseContentIsStored() {
    SupportsStagedWrites staging = staging();
    raceOnOneKeyPerRound("staged-race/", Math.max(1, raceRounds() / 5), (key, content) -> {
      try (StagedBlob staged = staging.stage()) {
        staged.output().write(content);
        return staged.publishIfAbsent(key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private SupportsStagedWrites staging() {
    assumeThat(store).as("the store supports staged writes").isInstanceOf(SupportsStagedWrites.class);
    return (SupportsStagedWrites) store;
  }

  /**
   * Runs {@code rounds} races in which every thread, lined up on a barrier, creates the key of
   * the round ({@code keyPrefix + round}) with its own content; checks that exactly one won
   * each and that its content is the one stored.
   */
  private void raceOnOneKeyPerRound(String keyPrefix, int rounds, BiFunction<BlobKey, byte[], CreateResult> create) {
    CreateRace.Outcome outcome = CreateRace.run(keyPrefix, raceThreads(), rounds, create::apply);
    assertThat(outcome.failures()).as("failures during the race").isEmpty();
    for (int round = 0; round < rounds; round++) {
      assertThat(outcome.results().get(round)).as("results of round %d", round).doesNotContainNull();
      List<Integer> winners = outcome.winners(round);
      assertThat(winners).as("winners of round %d", round).hasSize(1);
      byte[] stored = readBytes(keyPrefix + round);
      assertThat(stored).as("content of round %d", round).isEqualTo(CreateRace.content(round, winners.get(0)));
    }
    assertThat(store.listAll("")).hasSize(rounds);
  }

  private static BlobSource failingAfter(long declared, long failAt) {
    return new BlobSource() {
      @Override
      public long size() {
        return declared;
      }

      @Override
      public InputStream open() {
        InputStream generated = GeneratedBlobSource.of(declared, 5).open();
        return new InputStream() {
          private long position;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= failAt) {
              throw new IOException("the source broke on purpose after " + position + " bytes");
            }
            int n = generated.read(buffer, offset, (int) Math.min(length, failAt - position));
            position += Math.max(n, 0);
            return n;
          }
        };
      }
    };
  }

  private static String longestKey() {
    StringBuilder key = new StringBuilder("long");
    while (key.length() < BlobKey.MAX_LENGTH) {
      key.append('/');
      int room = BlobKey.MAX_LENGTH - key.length();
      key.append("x".repeat(Math.min(100, Math.max(1, room))));
    }
    return key.toString();
  }

  private List<String> pagedKeys(String prefix, BlobKey startAfter, int maxKeys) {
    List<String> all = new ArrayList<>();
    BlobKey after = startAfter;
    for (int pages = 0; ; pages++) {
      assertThat(pages).as("pages of %d keys under '%s'", maxKeys, prefix).isLessThan(200);
      BlobPage page = store.list(prefix, after, maxKeys);
      assertThat(page.entries().size()).as("entries in one page").isLessThanOrEqualTo(maxKeys);
      all.addAll(keys(page));
      if (!page.hasMore()) {
        return all;
      }
      after = page.nextStartAfter().orElseThrow();
    }
  }

  private void put(String... keys) {
    for (String k : keys) {
      assertThat(store.createIfAbsent(key(k), text("content of " + k))).as(k).isEqualTo(CreateResult.CREATED);
    }
  }

  private void putShuffled(List<String> keys) {
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(42));
    put(shuffled.toArray(new String[0]));
  }

  private static List<String> sorted(List<String> keys) {
    List<String> sorted = new ArrayList<>(keys);
    Collections.sort(sorted);
    return sorted;
  }

  private static List<String> keys(BlobPage page) {
    return page.entries().stream().map(info -> info.key().value()).collect(Collectors.toList());
  }

  private static List<String> keys(Stream<BlobInfo> infos) {
    return infos.map(info -> info.key().value()).collect(Collectors.toList());
  }

  private byte[] readBytes(String k) {
    try (InputStream in = store.read(key(k))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readText(String k) {
    return new String(readBytes(k), UTF_8);
  }

  private static BlobKey key(String k) {
    return BlobKey.of(k);
  }

  private static BlobSource text(String s) {
    return BlobSource.ofBytes(s.getBytes(UTF_8));
  }
}
