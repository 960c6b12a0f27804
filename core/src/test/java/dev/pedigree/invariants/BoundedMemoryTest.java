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

  private static Digest digestOf(InputStream stream) throws Exception {
    MessageDigest sha256 = Digest.newSha256();
    try (InputStream in = new DigestInputStream(stream, sha256)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.fromBytes(sha256.digest());
  }
}
