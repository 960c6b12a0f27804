package dev.pedigree.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour of {@link ObjectStore} that must hold on every backend: dedup, one-pass
 * ingest, verification on read, and typed failures. Subclasses supply the backend.
 */
abstract class ObjectStoreTests {
  @TempDir
  Path temp;

  BlobStore backend;
  CountingBlobStore counting;
  ObjectStore objects;

  /**
   * Returns a fresh, empty backend.
   *
   * @param scratch an empty folder the backend may use
   */
  protected abstract BlobStore newBlobStore(Path scratch) throws IOException;

  @BeforeEach
  void open() throws IOException {
    backend = newBlobStore(Files.createDirectory(temp.resolve("store")));
    counting = new CountingBlobStore(backend);
    objects = new ObjectStore(counting.store());
  }

  @AfterEach
  void close() {
    backend.close();
  }

  static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void putStoresOnceUnderTheDigestKey() {
    byte[] content = "a record".getBytes(StandardCharsets.UTF_8);
    Digest first = objects.put(content);
    Digest second = objects.put(content.clone());

    assertThat(first).isEqualTo(Digest.of(content)).isEqualTo(second);
    BlobKey key = ObjectStore.keyOf(first);
    assertThat(key.value()).isEqualTo("objects/" + first.hex().substring(0, 2) + "/" + first.hex().substring(2));
    assertThat(backend.listAll("objects/").map(BlobInfo::key)).containsExactly(key);
    assertThat(counting.writesOf(key)).as("writes of %s", key).isEqualTo(1);
    assertThat(objects.readAllBytes(first)).isEqualTo(content);
  }

  @Test
  void streamIngestOfSameContentIsNotWrittenAgain() {
    byte[] content = randomBytes(1, 3 * 1024 * 1024 + 17);
    Digest first = objects.ingest(new ByteArrayInputStream(content));
    Digest second = objects.ingest(new ByteArrayInputStream(content));

    assertThat(first).isEqualTo(Digest.of(content)).isEqualTo(second);
    assertThat(objects.list()).containsExactly(first);
    assertThat(counting.writesUnder("objects/")).isEqualTo(1);
    assertThat(objects.size(first)).isEqualTo(content.length);
    assertThat(objects.readAllBytes(first)).isEqualTo(content);
  }

  @Test
  void fileIngestMatchesStreamIngest() throws IOException {
    byte[] content = randomBytes(2, 2 * 1024 * 1024 + 5);
    Path file = Files.write(temp.resolve("input.bin"), content);

    Digest fromFile = objects.ingest(file);
    Digest fromStream = objects.ingest(new ByteArrayInputStream(content));

    assertThat(fromFile).isEqualTo(Digest.of(content)).isEqualTo(fromStream);
    assertThat(objects.list()).containsExactly(fromFile);
    assertThat(counting.writesUnder("objects/")).isEqualTo(1);
    assertThat(Files.readAllBytes(file)).as("the source is left alone").isEqualTo(content);
    try (InputStream in = objects.open(fromFile)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void emptyObjectIsStoredAndRead() throws IOException {
    Digest digest = objects.ingest(InputStream.nullInputStream());

    assertThat(digest.toString()).isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(objects.contains(digest)).isTrue();
    assertThat(objects.size(digest)).isZero();
    assertThat(objects.readAllBytes(digest)).isEmpty();
    objects.verify(digest);
    Path target = temp.resolve("out/empty");
    objects.copyTo(digest, target);
    assertThat(target).isRegularFile().isEmptyFile();
    assertThat(objects.put(new byte[0])).isEqualTo(digest);
    assertThat(counting.writesUnder("objects/")).isEqualTo(1);
  }

  @Test
  void listsEveryObjectOnce() {
    List<Digest> stored = Stream.of("a", "b", "c", "a", "b")
        .map(s -> objects.put(s.getBytes(StandardCharsets.UTF_8))).distinct().sorted().toList();

    assertThat(objects.list()).containsExactlyElementsOf(stored);
  }

  @Test
  void copyToWritesVerifiedContentAndReplacesAnOldFile() throws IOException {
    byte[] content = randomBytes(3, 1_500_000);
    Digest digest = objects.ingest(new ByteArrayInputStream(content));
    Path target = Files.writeString(temp.resolve("target.bin"), "old content");

    objects.copyTo(digest, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("store", "target.bin");
    }
  }

  @Test
  void aFlippedByteIsDetectedByEveryRead() throws IOException {
    byte[] content = randomBytes(4, 300_000);
    Digest digest = objects.ingest(new ByteArrayInputStream(content));
    BlobKey key = ObjectStore.keyOf(digest);
    flipByte(key, 123_456);

    IntegrityException onRead = catchThrowableOfType(IntegrityException.class, () -> objects.readAllBytes(digest));
    assertThat(onRead).as("readAllBytes of a changed object").isNotNull();
    assertThat(onRead.expectedDigest()).isEqualTo(digest.toString());
    assertThat(onRead.key()).isEqualTo(key.value());
    assertThat(onRead.getMessage())
        .startsWith("Cannot read object " + digest + " at key '" + key + "'")
        .contains("hashes to " + Digest.of(flipped(content, 123_456)));

    assertThatThrownBy(() -> objects.verify(digest))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(digest.toString())
        .hasMessageContaining(key.value());

    assertThatThrownBy(() -> {
      try (InputStream in = objects.open(digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }).isInstanceOf(IntegrityException.class);

    Path target = temp.resolve("checkout/corrupt.bin");
    assertThatThrownBy(() -> objects.copyTo(digest, target))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(key.value());
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).as("no partial or temporary file next to the target").isEmpty();
    }
  }

  @Test
  void aFlippedByteDoesNotReplaceAnExistingCopy() throws IOException {
    byte[] content = randomBytes(5, 10_000);
    Digest digest = objects.put(content);
    Path target = Files.writeString(temp.resolve("keep.txt"), "the previous checkout");
    flipByte(ObjectStore.keyOf(digest), 0);

    assertThatThrownBy(() -> objects.copyTo(digest, target)).isInstanceOf(IntegrityException.class);

    assertThat(target).hasContent("the previous checkout");
  }

  @Test
  void aTruncatedObjectIsDetected() {
    byte[] content = randomBytes(6, 4096);
    Digest digest = objects.put(content);
    BlobKey key = ObjectStore.keyOf(digest);
    backend.write(key, BlobSource.ofBytes(java.util.Arrays.copyOf(content, 4000)));

    assertThatThrownBy(() -> objects.verify(digest))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("so it was changed or damaged in storage");
  }

  @Test
  void aMissingObjectIsTyped() {
    Digest missing = Digest.of("never stored".getBytes(StandardCharsets.UTF_8));

    assertThat(objects.contains(missing)).isFalse();
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> objects.readAllBytes(missing),
        () -> objects.open(missing),
        () -> objects.verify(missing),
        () -> objects.size(missing),
        () -> objects.readManifest(missing),
        () -> objects.copyTo(missing, temp.resolve("missing.bin")))) {
      assertThatThrownBy(call)
          .isInstanceOf(ObjectNotFoundException.class)
          .hasMessageStartingWith("Cannot read object " + missing + " from ")
          .hasMessageContaining("it is not stored there")
          .satisfies(e -> assertThat(((ObjectNotFoundException) e).digest()).isEqualTo(missing.toString()));
    }
    assertThat(temp.resolve("missing.bin")).doesNotExist();
  }

  @Test
  void aFailingSourceLeavesNothingBehind() {
    InputStream failing = new InputStream() {
      private int served;

      @Override
      public int read() throws IOException {
        if (served++ >= 2_500_000) {
          throw new IOException("disk unplugged");
        }
        return served & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
          b[off + n++] = (byte) read();
        }
        return n;
      }
    };

    assertThatThrownBy(() -> objects.ingest(failing))
        .isInstanceOf(dev.pedigree.exceptions.StorageException.class)
        .hasMessageStartingWith("Cannot ingest stream")
        .hasMessageContaining("disk unplugged")
        .hasMessageContaining("nothing was stored");
    assertThat(objects.list()).isEmpty();
    assertThat(backend.listAll("")).isEmpty();
  }

  /** Rewrites a stored object with one byte changed, through the backend's plain write. */
  void flipByte(BlobKey key, int position) throws IOException {
    byte[] stored;
    try (InputStream in = backend.read(key)) {
      stored = in.readAllBytes();
    }
    backend.write(key, BlobSource.ofBytes(flipped(stored, position)));
  }

  static byte[] flipped(byte[] content, int position) {
    byte[] copy = content.clone();
    copy[position] ^= 0x01;
    return copy;
  }
}
