package dev.pedigree.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the folder backend does beyond the contract suite that every backend passes. */
class FileBlobStoreTest {
  @TempDir
  Path folder;

  private Path root;
  private FileBlobStore store;

  @BeforeEach
  void open() {
    root = folder.resolve("store");
    store = new FileBlobStore(root);
  }

  @Test
  void eachKeyIsAFileAtThePathItsSegmentsName() throws IOException {
    store.write(BlobKey.of("objects/ab/cdef"), text("written"));
    store.createIfAbsent(BlobKey.of("refs/main/0001"), text("created"));

    assertThat(Files.readString(root.resolve("objects/ab/cdef"))).isEqualTo("written");
    assertThat(Files.readString(root.resolve("refs/main/0001"))).isEqualTo("created");
  }

  @Test
  void openingCreatesMissingFoldersAndRefusesAFile() throws IOException {
    Path deep = folder.resolve("x/y/z");
    new FileBlobStore(deep);
    assertThat(deep).isDirectory();

    Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
    assertThatThrownBy(() -> new FileBlobStore(file))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("it exists and is not a folder");
  }

  @Test
  void aCreatedKeyIsTheOnlyNameOfItsFile() throws IOException {
    store.createIfAbsent(BlobKey.of("k"), text("content"));

    assertThat(Files.getAttribute(root.resolve("k"), "unix:nlink")).isEqualTo(1);
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void noStagedFileIsLeftOrListedAfterAnyKindOfWrite() throws IOException {
    store.write(BlobKey.of("w"), text("w"));
    store.createIfAbsent(BlobKey.of("c"), text("c"));
    store.createIfAbsent(BlobKey.of("c"), text("again"));
    try (StagedBlob staged = store.stage()) {
      staged.output().write(1);
      staged.publishIfAbsent(BlobKey.of("s"));
    }

    assertThat(stagedFiles()).isEmpty();
    assertThat(keys(store.listAll(""))).containsExactly("c", "s", "w");
  }

  @Test
  void contentBeingStagedIsNeverListedNorVisible() throws IOException {
    try (StagedBlob staged = store.stage()) {
      staged.output().write(new byte[10_000]);
      staged.output().flush();

      assertThat(stagedFiles()).hasSize(1);
      assertThat(store.listAll("")).isEmpty();
      assertThat(store.list(".", null, 10).entries()).isEmpty();
    }
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void keysThatLookLikeStagingAreOrdinaryKeys() {
    for (String k : List.of(".pedigree/x", ".pedigree-staging2/x", ".tmp/x", ".pedigree_staging")) {
      assertThat(store.createIfAbsent(BlobKey.of(k), text(k))).as(k).isEqualTo(CreateResult.CREATED);
    }

    assertThat(keys(store.listAll(""))).containsExactly(".pedigree-staging2/x", ".pedigree/x", ".pedigree_staging", ".tmp/x");
    assertThat(store.deleteStaleTemporaryFiles(Duration.ZERO)).isZero();
    assertThat(store.listAll("")).hasSize(4);
  }

  @Test
  void aSourceThatFailsMidwayLeavesNoFileAnywhere() {
    store.write(BlobKey.of("existing"), text("old"));

    assertThatThrownBy(() -> store.write(BlobKey.of("failed/w"), failingSource())).isInstanceOf(StorageException.class)
        .hasMessageContaining("Cannot write key 'failed/w'").hasMessageContaining("broke on purpose");
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("failed/c"), failingSource()))
        .isInstanceOf(StorageException.class).hasMessageContaining("broke on purpose");
    assertThatThrownBy(() -> store.write(BlobKey.of("existing"), failingSource())).isInstanceOf(StorageException.class);

    assertThat(stagedFiles()).isEmpty();
    assertThat(root.resolve("failed")).doesNotExist();
    assertThat(keys(store.listAll(""))).containsExactly("existing");
    assertThat(read("existing")).isEqualTo("old");
  }

  @Test
  void aStagedWriteAbandonedMidwayLeavesNoFileAnywhere() {
    assertThatThrownBy(() -> {
      try (StagedBlob staged = store.stage(); InputStream in = failingSource().open()) {
        in.transferTo(staged.output());
        staged.publishIfAbsent(BlobKey.of("never"));
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("broke on purpose");

    assertThat(stagedFiles()).isEmpty();
    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  void aStagedBlobPublishesOnceAndSurvivesItsStreamBeingClosed() throws IOException {
    try (StagedBlob staged = store.stage()) {
      try (OutputStream out = staged.output()) {
        out.write("closed early".getBytes(UTF_8));
      }
      assertThat(staged.publishIfAbsent(BlobKey.of("k"))).isEqualTo(CreateResult.CREATED);
      assertThatThrownBy(() -> staged.publishIfAbsent(BlobKey.of("k2"))).isInstanceOf(InvalidRequestException.class);
    }

    assertThat(read("k")).isEqualTo("closed early");
    assertThat(store.exists(BlobKey.of("k2"))).isFalse();
  }

  @Test
  void staleStagedFilesAreDeletedOnOpenAndFreshOnesKept() throws IOException {
    Path staging = Files.createDirectories(root.resolve(FileBlobStore.STAGING_FOLDER));
    Path stale = Files.writeString(staging.resolve("dead.tmp"), "left by a killed process");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
    Path fresh = Files.writeString(staging.resolve("live.tmp"), "being written");
    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

    FileBlobStore reopened = new FileBlobStore(root);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(reopened.listAll("")).isEmpty();
    assertThat(reopened.deleteStaleTemporaryFiles(Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(fresh).doesNotExist();
  }

  @Test
  void theStagingFolderHasNoSpaceIsNeverListedAndNoKeyCanNameIt() throws IOException {
    assertThat(FileBlobStore.STAGING_FOLDER).doesNotContain(" ");
    store.createIfAbsent(BlobKey.of("k"), BlobSource.ofBytes(new byte[] {1}));
    assertThat(root.resolve(FileBlobStore.STAGING_FOLDER)).isDirectory();
    assertThat(store.listAll("")).extracting(b -> b.key().value()).containsExactly("k");
    assertThat(store.listAll(".pedigree-s")).isEmpty();
    assertThatThrownBy(() -> BlobKey.of(FileBlobStore.STAGING_FOLDER + "/x"))
        .isInstanceOf(dev.pedigree.exceptions.InvalidNameException.class)
        .hasMessageContaining("its first segment '.pedigree-staging' is reserved for staged writes");
  }

  @Test
  void aStoreWithTheOldStagingFolderStillWorksAndSweepsIt() throws IOException {
    Path legacy = Files.createDirectories(root.resolve(FileBlobStore.LEGACY_STAGING_FOLDER));
    Path stale = Files.writeString(legacy.resolve("dead.tmp"), "left by a killed process before 0.1.0");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(25))));

    FileBlobStore reopened = new FileBlobStore(root);
    reopened.createIfAbsent(BlobKey.of("k"), BlobSource.ofBytes(new byte[] {2}));

    assertThat(stale).doesNotExist();
    assertThat(reopened.listAll("")).extracting(b -> b.key().value()).containsExactly("k");
  }

  @Test
  void aFileSourceIsCopiedAndAChangeOfItsSizeIsRefused() throws IOException {
    byte[] bytes = new byte[3 << 20];
    new java.util.Random(3).nextBytes(bytes);
    Path source = Files.write(folder.resolve("source.bin"), bytes);

    store.createIfAbsent(BlobKey.of("copied"), BlobSource.ofFile(source));
    assertThat(Files.readAllBytes(root.resolve("copied"))).isEqualTo(bytes);

    BlobSource grown = BlobSource.ofFile(source);
    Files.write(source, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> store.write(BlobKey.of("grown"), grown)).isInstanceOf(StorageException.class)
        .hasMessageContaining("the source yielded " + (bytes.length + 3) + " bytes but declared " + bytes.length);
    BlobSource shrunk = BlobSource.ofFile(source);
    Files.write(source, new byte[10]);
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("shrunk"), shrunk)).isInstanceOf(StorageException.class)
        .hasMessageContaining("the source yielded 10 bytes");
    assertThat(keys(store.listAll(""))).containsExactly("copied");
  }

  @Test
  void aKeyCannotBeCreatedWhereAnotherKeyIsItsFolderNorTheReverse() {
    store.createIfAbsent(BlobKey.of("a/b"), text("a file"));
    store.createIfAbsent(BlobKey.of("x/y/z"), text("deep"));

    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("a/b/c"), text("below a file")))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot create key 'a/b/c'")
        .hasMessageContaining("a key cannot also be the folder of other keys");
    assertThatThrownBy(() -> store.write(BlobKey.of("a/b/c/d"), text("below a file"))).isInstanceOf(StorageException.class)
        .hasMessageContaining("a key cannot also be the folder of other keys");
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of("x/y"), text("over a folder")))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot create key 'x/y'")
        .hasMessageContaining("keys exist under 'x/y/'");
    assertThatThrownBy(() -> store.write(BlobKey.of("x"), text("over a folder"))).isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write key 'x'");

    assertThat(keys(store.listAll(""))).containsExactly("a/b", "x/y/z");
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void deletePrunesFoldersLeftEmptyButNeverTheRootOrAFolderInUse() {
    store.createIfAbsent(BlobKey.of("p/q/r"), text("1"));
    store.createIfAbsent(BlobKey.of("p/s"), text("2"));

    assertThat(store.delete(BlobKey.of("p/q/r"))).isTrue();
    assertThat(root.resolve("p/q")).doesNotExist();
    assertThat(root.resolve("p")).isDirectory();

    assertThat(store.delete(BlobKey.of("p/s"))).isTrue();
    assertThat(root.resolve("p")).doesNotExist();
    assertThat(root).isDirectory();
  }

  @Test
  void anEmptyFolderLeftBehindDoesNotBlockAKeyOfItsName() throws IOException {
    Files.createDirectories(root.resolve("made/by/hand"));
    Files.createDirectories(root.resolve("written"));

    assertThat(store.createIfAbsent(BlobKey.of("made/by/hand"), text("created"))).isEqualTo(CreateResult.CREATED);
    store.write(BlobKey.of("written"), text("written"));

    assertThat(read("made/by/hand")).isEqualTo("created");
    assertThat(read("written")).isEqualTo("written");
  }

  @Test
  void namesThatCannotBeKeysAreNotListed() throws IOException {
    Files.createDirectories(root.resolve("dir with space"));
    Files.writeString(root.resolve("dir with space/x"), "x");
    Files.writeString(root.resolve("back\\slash"), "x");
    Files.writeString(root.resolve("tab\there"), "x");
    Files.writeString(root.resolve("fine"), "x");

    assertThat(keys(store.listAll(""))).containsExactly("fine");
  }

  @Test
  void aPrefixWithAFinishedDotSegmentCannotEscapeTheRoot() throws IOException {
    Files.writeString(folder.resolve("outside"), "must stay unseen");
    store.write(BlobKey.of("inside"), text("x"));

    assertThatThrownBy(() -> store.list("../", null, 10)).isInstanceOf(dev.pedigree.exceptions.InvalidNameException.class);
    assertThat(store.list("..", null, 10).entries()).isEmpty();
    assertThat(store.list(".", null, 10).entries()).isEmpty();
  }

  @Test
  void theSameFolderOpenedTwiceSharesItsKeys() {
    FileBlobStore other = new FileBlobStore(root);
    store.createIfAbsent(BlobKey.of("shared"), text("from the first"));

    assertThat(other.createIfAbsent(BlobKey.of("shared"), text("from the second"))).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(new String(readAll(other, "shared"), UTF_8)).isEqualTo("from the first");
    assertThat(other.location()).isEqualTo(store.location());
  }

  @Test
  void readersNeverSeeAPartlyReplacedKey() throws Exception {
    int size = 256 << 10;
    List<byte[]> versions = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      byte[] bytes = new byte[size + v * 1000];
      Arrays.fill(bytes, (byte) ('A' + v));
      versions.add(bytes);
    }
    BlobKey key = BlobKey.of("cache/hot");
    store.write(key, BlobSource.ofBytes(versions.get(0)));
    int writers = 4;
    int readers = 2;
    int rounds = 40;
    CyclicBarrier start = new CyclicBarrier(writers + readers);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      byte[] mine = versions.get(w);
      threads.add(new Thread(() -> run(start, failures, () -> {
        for (int i = 0; i < rounds; i++) {
          store.write(key, BlobSource.ofBytes(mine));
        }
      })));
    }
    for (int r = 0; r < readers; r++) {
      threads.add(new Thread(() -> run(start, failures, () -> {
        for (int i = 0; i < rounds * 2; i++) {
          byte[] seen = readAll(store, key.value());
          assertThat(versions).as("a complete version").anySatisfy(v -> assertThat(seen).isEqualTo(v));
        }
      })));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(failures).isEmpty();
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void createsAndDeletesRacingInOneFolderNeverFailSpuriously() throws Exception {
    int threads = 8;
    int rounds = 60;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(new Thread(() -> run(start, failures, () -> {
        for (int i = 0; i < rounds; i++) {
          // Every delete empties the shared folders, so it races the other threads' creates within them.
          BlobKey key = BlobKey.of("churn/a/b/t" + thread + "-" + i);
          assertThat(store.createIfAbsent(key, text("x"))).isEqualTo(CreateResult.CREATED);
          if (i % 2 == 0) {
            store.write(key, text("y"));
          }
          assertThat(store.delete(key)).isTrue();
        }
      })));
    }
    workers.forEach(Thread::start);
    for (Thread t : workers) {
      t.join();
    }

    assertThat(failures).isEmpty();
    assertThat(store.listAll("")).isEmpty();
    assertThat(root.resolve("churn")).doesNotExist();
  }

  private static void run(CyclicBarrier start, List<Throwable> failures, ThrowingRunnable body) {
    try {
      start.await();
      body.run();
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private List<Path> stagedFiles() {
    Path staging = root.resolve(FileBlobStore.STAGING_FOLDER);
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(staging)) {
      return files.collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BlobSource failingSource() {
    return new BlobSource() {
      @Override
      public long size() {
        return 4 << 20;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          private long position;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= (1 << 20) + 77) {
              throw new IOException("the source broke on purpose");
            }
            int n = (int) Math.min(length, (1 << 20) + 77 - position);
            Arrays.fill(buffer, offset, offset + n, (byte) 'z');
            position += n;
            return n;
          }
        };
      }
    };
  }

  private String read(String key) {
    return new String(readAll(store, key), UTF_8);
  }

  private static byte[] readAll(BlobStore store, String key) {
    try (InputStream in = store.read(BlobKey.of(key))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> keys(Stream<BlobInfo> infos) {
    return infos.map(info -> info.key().value()).collect(Collectors.toList());
  }

  private static BlobSource text(String s) {
    return BlobSource.ofBytes(s.getBytes(UTF_8));
  }
}
