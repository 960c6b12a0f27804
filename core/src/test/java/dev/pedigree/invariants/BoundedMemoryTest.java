package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.objects.Digest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5, bounded memory: an object several times larger than the heap is ingested,
 * verified and copied out by a JVM started with {@value #HEAP}, which would fail with
 * {@link OutOfMemoryError} if any step held the object whole.
 */
class BoundedMemoryTest {
  static final String HEAP = "-Xmx16m";
  static final long SIZE = 96L << 20;
  static final long SEED = 20240607L;

  @TempDir
  Path temp;

  @Test
  void anObjectLargerThanTheHeapIngestsVerifiesAndCopies() throws Exception {
    Path root = Files.createDirectory(temp.resolve("store"));
    Path copy = temp.resolve("copy.bin");

    ChildJvm worker = ChildJvm.start(BoundedMemoryWorker.class, List.of(HEAP, "-XX:+UseSerialGC"),
        temp.resolve("worker.log"), root.toUri().toString(), String.valueOf(SIZE), String.valueOf(SEED), copy.toString());
    worker.awaitSuccess();

    Digest expected = digestOf(new GeneratedInputStream(SEED, SIZE));
    assertThat(worker.output()).contains("digest " + expected);
    assertThat(Files.size(copy)).isEqualTo(SIZE);
    assertThat(digestOf(Files.newInputStream(copy))).isEqualTo(expected);
  }

  /**
   * Many small files (packed) with a heap whose size per file is what 100,000 files get in
   * 256 MiB; the full size runs in {@code bench/run-ingest.sh}.
   */
  @Test
  void aFolderOfManySmallFilesRegistersTwiceAndChecksOutInASmallHeap() throws Exception {
    int files = 10_000;
    Path folder = temp.resolve("many");
    java.util.Random random = new java.util.Random(SEED);
    byte[] content = new byte[1024];
    for (int i = 0; i < files; i++) {
      Path dir = folder.resolve("d" + i / 1000);
      if (i % 1000 == 0) {
        Files.createDirectories(dir);
      }
      random.nextBytes(content);
      Files.write(dir.resolve("f" + i), content);
    }
    Path root = Files.createDirectory(temp.resolve("store"));
    Path checkout = temp.resolve("checkout");

    ChildJvm worker = ChildJvm.start(BoundedMemoryDirectoryWorker.class, List.of("-Xmx48m", "-XX:+UseSerialGC"),
        temp.resolve("worker.log"), root.toUri().toString(), folder.toString(), temp.resolve("stat-cache").toString(),
        checkout.toString());
    worker.awaitSuccess();

    assertThat(worker.output()).contains("content sha256:");
    try (java.util.stream.Stream<Path> out = Files.walk(checkout)) {
      assertThat(out.filter(Files::isRegularFile).count()).isEqualTo(files);
    }
    assertThat(Files.readAllBytes(checkout.resolve("d9/f9999"))).isEqualTo(content);
    try (java.util.stream.Stream<Path> packs = Files.list(root.resolve("packs"))) {
      assertThat(packs.count()).as("10 MiB of small files in a few packs and their indexes").isBetween(2L, 10L);
    }
  }

  private static Digest digestOf(InputStream stream) throws Exception {
    MessageDigest sha256 = Digest.newSha256();
    try (InputStream in = new DigestInputStream(stream, sha256)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.fromBytes(sha256.digest());
  }
}
