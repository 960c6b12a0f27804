package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 4, integrity: a byte changed in a stored object's file on disk, outside Pedigree,
 * is detected by every read and by {@code verify}, as a typed exception naming the digest and
 * the key, and no unverified copy is left behind.
 */
class IntegrityTest {
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

  @Test
  void aByteFlippedOnDiskIsDetectedOnRead() throws IOException {
    byte[] content = new byte[2_000_000];
    new Random(11).nextBytes(content);
    Digest digest = objects.ingest(new ByteArrayInputStream(content));
    BlobKey key = ObjectStore.keyOf(digest);
    flipByteOnDisk(StoredFiles.fileOf(root, key), 1_234_567);

    assertThatThrownBy(() -> objects.readAllBytes(digest))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(digest.toString())
        .hasMessageContaining("'" + key + "'")
        .satisfies(e -> {
          assertThat(((IntegrityException) e).expectedDigest()).isEqualTo(digest.toString());
          assertThat(((IntegrityException) e).key()).isEqualTo(key.value());
        });
    assertThatThrownBy(() -> objects.verify(digest)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> {
      try (InputStream in = objects.open(digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }).isInstanceOf(IntegrityException.class);
    Path target = temp.resolve("out/copy.bin");
    assertThatThrownBy(() -> objects.copyTo(digest, target)).isInstanceOf(IntegrityException.class);
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).as("no partial copy").isEmpty();
    }
  }

  @Test
  void aByteFlippedInADirectorysFileIsDetectedOnCheckout() throws IOException {
    Path source = Files.createDirectories(temp.resolve("dataset/part"));
    Files.writeString(source.resolve("a.csv"), "id,label\n1,cat\n2,dog\n");
    Files.writeString(source.resolve("b.csv"), "id,label\n3,eel\n");
    DirectorySnapshot snapshot = objects.ingestDirectory(temp.resolve("dataset"));
    Digest b = snapshot.manifest().entry("part/b.csv").orElseThrow().digest();
    // Small files are packed: flip a byte of b.csv where it lies inside its pack.
    Path pack;
    try (Stream<Path> files = Files.walk(root.resolve("packs"))) {
      pack = files.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    int at = new String(Files.readAllBytes(pack), StandardCharsets.ISO_8859_1).indexOf("3,eel");
    assertThat(at).as("b.csv's bytes are in the pack").isPositive();
    flipByteOnDisk(pack, at);

    assertThatThrownBy(() -> objects.checkout(snapshot.digest(), temp.resolve("checkout")))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(b.toString());
    assertThat(temp.resolve("checkout/part/b.csv")).doesNotExist();
  }

  @Test
  void aByteFlippedInAManifestIsDetectedBeforeItIsParsed() throws IOException {
    Files.writeString(Files.createDirectories(temp.resolve("dataset")).resolve("a.txt"), "a");
    DirectorySnapshot snapshot = objects.ingestDirectory(temp.resolve("dataset"));
    Path manifestFile = StoredFiles.fileOf(root, ObjectStore.keyOf(snapshot.digest()));
    // Turn "a.txt" into "a.tXt": still a valid manifest, so only the digest can tell.
    byte[] json = Files.readAllBytes(manifestFile);
    int at = new String(json, StandardCharsets.UTF_8).indexOf("a.txt") + 3;
    flipByteOnDisk(manifestFile, at);

    assertThatThrownBy(() -> objects.readManifest(snapshot.digest()))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(snapshot.digest().toString());
    assertThatThrownBy(() -> objects.checkout(snapshot.digest(), temp.resolve("checkout")))
        .isInstanceOf(IntegrityException.class);
    assertThat(temp.resolve("checkout/a.tXt")).doesNotExist();
  }

  /** Changes one byte of a file in place, as a failing disk or a careless hand would. */
  static void flipByteOnDisk(Path file, long position) throws IOException {
    boolean writable = file.toFile().canWrite();
    if (!writable) {
      assertThat(file.toFile().setWritable(true, true)).as("make %s writable", file).isTrue();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 0x20);
    }
  }
}
