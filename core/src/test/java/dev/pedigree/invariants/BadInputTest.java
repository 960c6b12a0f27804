package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefName;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant 6 and the bad-input half of the foundation: invalid keys, ref names, digests and
 * manifests each get a typed exception whose message says what was wrong, before anything is
 * touched; and an ingest that fails midway leaves nothing visible in a local store.
 */
class BadInputTest {
  @TempDir
  Path temp;

  Path root;
  FileBlobStore store;
  ObjectStore objects;

  @BeforeEach
  void open() throws IOException {
    root = Files.createDirectory(temp.resolve("store"));
    store = new FileBlobStore(root);
    objects = new ObjectStore(store);
  }

  /** Bad names, each with what the message must say; shared by keys and ref names. */
  static Stream<List<String>> badNames() {
    return Stream.of(
        List.of("", "it is empty", "it is empty"),
        List.of("..", "it has a '..' segment", "the segment '..' does not start with a letter or digit"),
        List.of("a/../../etc/passwd", "it has a '..' segment", "the segment '..' does not start with a letter or digit"),
        List.of("/etc/passwd", "it is absolute (starts with '/')", "it is absolute (starts with '/')"),
        List.of("a\u0000b", "it contains a control character at position 1", "it contains a control character at position 1"),
        List.of("a/b\nc", "it contains a control character at position 3", "it contains a control character at position 3"),
        List.of("x".repeat(5000), "it is 5000 characters long, more than the limit of 512",
            "it is 5000 characters long, more than the limit of 256"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void invalidKeysAreRefusedBeforeAnythingIsWritten(List<String> bad) throws IOException {
    String name = bad.get(0);
    assertThatThrownBy(() -> store.createIfAbsent(BlobKey.of(name), BlobSource.ofBytes(new byte[] {1})))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use '")
        .hasMessageContaining("as a storage key: " + bad.get(1))
        .satisfies(e -> assertThat(((InvalidNameException) e).value()).isEqualTo(name));
    assertThat(store.listAll("")).isEmpty();
    try (Stream<Path> outside = Files.list(temp)) {
      assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("store");
    }
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void invalidRefNamesAreRefused(List<String> bad) {
    assertThatThrownBy(() -> RefName.of(bad.get(0)))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("as a ref name: " + bad.get(2));
  }

  @Test
  void invalidListingPrefixesAreRefused() {
    assertThatThrownBy(() -> store.list("../", null, 10))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("Cannot list keys under prefix '../'");
    assertThatThrownBy(() -> store.list("/abs", null, 10))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("it is absolute");
  }

  @Test
  void digestsOfTheWrongFormAreRefused() {
    String hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThatThrownBy(() -> Digest.parse("md5:" + hex))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("must start with 'sha256:'");
    assertThatThrownBy(() -> Digest.parse("sha256:" + hex.substring(2)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("but has 62 characters");
    assertThatThrownBy(() -> Digest.parse("sha256:" + hex.toUpperCase(java.util.Locale.ROOT)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("not all lower-case hex");
    assertThatThrownBy(() -> Digest.parse("sha256:" + hex.replace('a', 'z')))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("not all lower-case hex");
    assertThatThrownBy(() -> Digest.parse(" sha256:" + hex))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("must start with 'sha256:'");
  }

  @Test
  void corruptOrTruncatedManifestsAreRefused() {
    Digest file = objects.put("content".getBytes(StandardCharsets.UTF_8));
    byte[] good = ("{\"format\":\"pedigree.manifest/1\",\"entries\":[{\"path\":\"a.txt\",\"digest\":\"" + file
        + "\",\"size\":7,\"executable\":false}]}").getBytes(StandardCharsets.UTF_8);
    assertThat(objects.readManifest(objects.put(good)).entries()).hasSize(1);

    Digest truncated = objects.put(Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> objects.readManifest(truncated))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("Cannot read manifest: it is not valid JSON")
        .hasMessageContaining("it may be truncated or corrupt");
    Digest garbage = objects.put(new byte[] {0x00, 0x13, (byte) 0x88, 0x7f});
    assertThatThrownBy(() -> objects.readManifest(garbage))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("Cannot read manifest");
    Digest notAManifest = objects.put("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> objects.checkout(notAManifest, temp.resolve("checkout")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("its format is missing");
    Digest escaping = objects.put(new String(good, StandardCharsets.UTF_8).replace("a.txt", "../a.txt")
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> objects.checkout(escaping, temp.resolve("checkout")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("'..' segment that would leave the directory");
    assertThat(temp.resolve("checkout")).doesNotExist();
    assertThat(temp.resolve("a.txt")).doesNotExist();
  }

  @Test
  void anIngestThatFailsMidwayLeavesNothingVisible() throws IOException {
    InputStream failingChecked = new FailingInputStream(6, 3L << 20, 2L << 20, false);
    InputStream failing = new FailingInputStream(5, 3L << 20, 2L << 20, true);

    assertThatThrownBy(() -> objects.ingest(failingChecked))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot ingest stream into " + store.location())
        .hasMessageContaining("connection reset by peer")
        .hasMessageContaining("nothing was stored");
    assertThatThrownBy(() -> objects.ingest(failing))
        .hasRootCauseMessage("connection reset by peer");
    assertThatThrownBy(() -> objects.ingest(temp.resolve("no-such-file.bin")))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot ingest file " + temp.resolve("no-such-file.bin"));

    assertThat(objects.list()).isEmpty();
    assertThat(store.listAll("")).isEmpty();
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).as("no file left anywhere in the store's folder").isEmpty();
    }
  }
}
