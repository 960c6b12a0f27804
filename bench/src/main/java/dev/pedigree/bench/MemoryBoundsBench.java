package dev.pedigree.bench;

import com.google.common.io.MoreFiles;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Issue 14's memory bounds, one case per JVM so each has its own heap limit and peak RSS:
 * {@code large DIR MiB} registers one generated file of that size (run it with
 * {@code -Xmx64m}), {@code small DIR COUNT} registers a folder of that many generated 1 KiB
 * files (run it with {@code -Xmx256m}). Each prints its time, the heap limit and the process's
 * peak RSS ({@code VmHWM}) during the registration, then deletes what it generated.
 * {@code bench/run-memory.sh} runs both.
 */
public final class MemoryBoundsBench {
  private MemoryBoundsBench() {
  }

  /**
   * Runs one case.
   *
   * @param args {@code large|small}, the data folder, and the file size in MiB or the file count
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !(args[0].equals("large") || args[0].equals("small"))) {
      System.err.println("usage: MemoryBoundsBench large DIR MiB | small DIR COUNT");
      System.exit(2);
    }
    Path folder = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    long amount = Long.parseLong(args[2]);
    Path data = folder.resolve(args[0] + "-data");
    Path root = folder.resolve(args[0] + "-store");
    try {
      if (args[0].equals("large")) {
        generateFile(data, amount << 20);
      } else {
        generateFolder(data, (int) amount);
      }
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Thread.sleep(2100); // a stat cache does not trust files modified within the last two seconds
      IngestBench.resetPeakRss();
      long start = System.nanoTime();
      ArtifactVersion version;
      try (FileBlobStore store = new FileBlobStore(root);
          Repository repo = Repository.builder(store).actor("bench").statCache(folder.resolve("stat-cache")).build()) {
        NewVersion.Builder request = NewVersion.of(args[0], ArtifactKind.DATASET);
        version = repo.artifacts().register(args[0].equals("large") ? request.file(data).build()
            : request.directory(data).build());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "%s: registered %s (%s) in %.2f s; heap limit %d MiB, peak RSS %d MiB%n",
          args[0].equals("large") ? "one file of " + amount + " MiB" : amount + " files of 1 KiB", version.id(),
          version.content().shortHex(), seconds, Runtime.getRuntime().maxMemory() >> 20,
          IngestBench.peakRssKib() / 1024);
    } finally {
      if (Files.exists(data)) {
        MoreFiles.deleteRecursively(data);
      }
      if (Files.exists(root)) {
        MoreFiles.deleteRecursively(root);
      }
      Files.deleteIfExists(folder.resolve("stat-cache"));
    }
  }

  private static void generateFile(Path file, long bytes) throws IOException {
    SplittableRandom random = new SplittableRandom(14);
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      for (long written = 0; written < bytes; ) {
        buffer.clear();
        while (buffer.remaining() >= Long.BYTES) {
          buffer.putLong(random.nextLong());
        }
        buffer.flip();
        buffer.limit((int) Math.min(buffer.limit(), bytes - written));
        written += out.write(buffer);
      }
    }
  }

  private static void generateFolder(Path tree, int count) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] content = new byte[1024];
    for (int i = 0; i < count; i++) {
      Path dir = tree.resolve(String.format(Locale.ROOT, "d%03d", i / 1000));
      if (i % 1000 == 0) {
        Files.createDirectories(dir);
      }
      for (int j = 0; j < content.length; j += Long.BYTES) {
        long value = random.nextLong();
        for (int k = 0; k < Long.BYTES; k++) {
          content[j + k] = (byte) (value >>> (8 * k));
        }
      }
      Files.write(dir.resolve(String.format(Locale.ROOT, "f%06d.bin", i)), content);
    }
  }
}
