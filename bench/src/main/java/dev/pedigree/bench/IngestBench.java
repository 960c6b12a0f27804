package dev.pedigree.bench;

import com.google.common.io.MoreFiles;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Measures durable ingest into a local {@link FileBlobStore} against what the machine can do:
 * a 1 GiB file of fresh random data is ingested, hashed by {@code openssl dgst -sha256}, and
 * copied by {@code cp} followed by {@code sync} of the copy, each a few rounds in the same run;
 * the ratio of our ingest to the slower of the two tools is the figure of merit (hashing and
 * writing can overlap, so the slower one is the physical limit). The order of the three turns
 * each round, and the file system is synced after each deletion, untimed. Then 100,000 files
 * of 1 KiB are ingested as one directory.
 *
 * <p>Usage: {@code IngestBench <data-folder> [file-MiB] [rounds] [small-files]}; the folder
 * is emptied first. The source file stays in the page cache for every tool alike: dropping the
 * cache needs privileges and is not reliable on shared machines.
 */
public final class IngestBench {
  private static final long MIB = 1L << 20;

  private final Path folder;
  private final long fileBytes;
  private final int rounds;
  private final int smallFiles;

  private IngestBench(Path folder, long fileBytes, int rounds, int smallFiles) {
    this.folder = folder;
    this.fileBytes = fileBytes;
    this.rounds = rounds;
    this.smallFiles = smallFiles;
  }

  /**
   * Runs the benchmark and prints its figures.
   *
   * @param args the data folder, then optionally the file size in MiB (1024), the number of
   *     rounds (5) and the number of small files (100000)
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: IngestBench <data-folder> [file-MiB=1024] [rounds=5] [small-files=100000]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]).toAbsolutePath();
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int smallFiles = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    new IngestBench(folder, mib * MIB, rounds, smallFiles).run();
  }

  private void run() throws IOException, InterruptedException {
    Files.createDirectories(folder);
    deleteContents(folder);
    long seed = System.nanoTime();
    System.out.printf(Locale.ROOT, "Pedigree ingest benchmark: %d CPUs, Java %s, %s file system at %s, seed %d%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Files.getFileStore(folder).type(), folder, seed);
    System.out.println("Note: the source file is in the page cache for all three measurements alike;"
        + " dropping the cache is not reliable here, so reads are not measured from disk.");
    System.out.println("Load average before: " + loadAverage() + " (other work on the machine skews every figure)");

    Path source = folder.resolve("source.bin");
    generate(source, fileBytes, new SplittableRandom(seed));
    String expected = "sha256:" + opensslDigest(source);

    warmUp();
    double[] ingest = new double[rounds];
    double[] openssl = new double[rounds];
    double[] copy = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      // The order turns each round, so whatever one measurement leaves behind is not always paid by the same one.
      for (int step = 0; step < 3; step++) {
        switch ((round + step) % 3) {
          case 0 -> ingest[round] = timeIngest(source, expected, round);
          case 1 -> openssl[round] = timeOpenssl(source, expected);
          default -> copy[round] = timeCopyAndSync(source);
        }
      }
      System.out.printf(Locale.ROOT, "round %d: pedigree ingest %.2f s (%.0f MiB/s) | openssl dgst -sha256 %.2f s (%.0f MiB/s)"
          + " | cp + sync %.2f s (%.0f MiB/s)%n", round + 1, ingest[round], rate(ingest[round]), openssl[round],
          rate(openssl[round]), copy[round], rate(copy[round]));
    }
    double ours = median(ingest);
    double hash = median(openssl);
    double cp = median(copy);
    double limit = Math.max(hash, cp);
    System.out.printf(Locale.ROOT, "median of %d rounds, %d MiB: pedigree ingest %.2f s (%.0f MiB/s), openssl dgst -sha256"
        + " %.2f s (%.0f MiB/s), cp + sync %.2f s (%.0f MiB/s)%n", rounds, fileBytes / MIB, ours, rate(ours), hash,
        rate(hash), cp, rate(cp));
    System.out.printf(Locale.ROOT, "ratio: ingest / max(openssl, cp + sync) = %.2f / %.2f = %.2f (target <= 1.20)%n",
        ours, limit, ours / limit);
    Files.delete(source);

    if (smallFiles > 0) {
      smallFiles();
    }
    deleteContents(folder);
    System.out.println("Load average after: " + loadAverage());
  }

  /** Runs the ingest code path on 64 MiB first, so the measured rounds do not include JIT compilation. */
  private void warmUp() throws IOException, InterruptedException {
    Path source = folder.resolve("warm-up.bin");
    generate(source, 64 * MIB, new SplittableRandom(1));
    Path root = folder.resolve("store-warm-up");
    for (int i = 0; i < 3; i++) {
      try (FileBlobStore store = new FileBlobStore(root)) {
        new ObjectStore(store).ingest(source);
      }
      MoreFiles.deleteRecursively(root);
    }
    Files.delete(source);
    settle();
  }

  private double timeIngest(Path source, String expected, int round) throws IOException, InterruptedException {
    Path root = folder.resolve("store-" + round);
    double seconds;
    try (FileBlobStore store = new FileBlobStore(root)) {
      ObjectStore objects = new ObjectStore(store);
      long start = System.nanoTime();
      Digest digest = objects.ingest(source);
      seconds = seconds(start);
      check(digest.toString().equals(expected), "ingest computed " + digest + " but openssl says " + expected);
    }
    MoreFiles.deleteRecursively(root);
    settle();
    return seconds;
  }

  private double timeOpenssl(Path source, String expected) throws IOException, InterruptedException {
    long start = System.nanoTime();
    String hex = opensslDigest(source);
    double seconds = seconds(start);
    check(("sha256:" + hex).equals(expected), "openssl gave two different digests");
    return seconds;
  }

  private double timeCopyAndSync(Path source) throws IOException, InterruptedException {
    Path target = folder.resolve("copy.bin");
    long start = System.nanoTime();
    run("sh", "-c", "cp \"$1\" \"$2\" && sync \"$2\"", "sh", source.toString(), target.toString());
    double seconds = seconds(start);
    Files.delete(target);
    settle();
    return seconds;
  }

  private void smallFiles() throws IOException, InterruptedException {
    Path tree = folder.resolve("small");
    SplittableRandom random = new SplittableRandom(42);
    byte[] content = new byte[1024];
    int perFolder = 1000;
    for (int i = 0; i < smallFiles; i++) {
      Path dir = tree.resolve(String.format(Locale.ROOT, "d%03d", i / perFolder));
      if (i % perFolder == 0) {
        Files.createDirectories(dir);
      }
      fill(content, random);
      Files.write(dir.resolve(String.format(Locale.ROOT, "f%06d.bin", i)), content);
    }
    // Flush the generated files now, so their write-back does not run during the measurement.
    run("sync", "-f", tree.toString());

    Path root = folder.resolve("store-small");
    try (FileBlobStore store = new FileBlobStore(root)) {
      ObjectStore objects = new ObjectStore(store);
      long start = System.nanoTime();
      DirectorySnapshot snapshot = objects.ingestDirectory(tree);
      double first = seconds(start);
      check(snapshot.manifest().entries().size() == smallFiles, "the manifest lists "
          + snapshot.manifest().entries().size() + " files");
      start = System.nanoTime();
      DirectorySnapshot again = objects.ingestDirectory(tree);
      double second = seconds(start);
      check(again.digest().equals(snapshot.digest()), "a second ingest gave another digest");
      System.out.printf(Locale.ROOT, "small files: %d files of 1 KiB via ingestDirectory: %.1f s = %.0f files/s"
          + " (every object new, each fsynced); again, all present: %.1f s = %.0f files/s%n",
          smallFiles, first, smallFiles / first, second, smallFiles / second);
    }
  }

  private static void generate(Path file, long bytes, SplittableRandom random) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) (8 * MIB));
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long left = bytes;
      while (left > 0) {
        buffer.clear();
        while (buffer.remaining() >= Long.BYTES) {
          buffer.putLong(random.nextLong());
        }
        buffer.flip();
        buffer.limit((int) Math.min(buffer.limit(), left));
        left -= buffer.remaining();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      // On disk before anything is measured, so its write-back does not compete.
      out.force(true);
    }
  }

  private static void fill(byte[] bytes, SplittableRandom random) {
    for (int i = 0; i < bytes.length; i += Long.BYTES) {
      long value = random.nextLong();
      for (int j = 0; j < Long.BYTES && i + j < bytes.length; j++) {
        bytes[i + j] = (byte) (value >>> (8 * j));
      }
    }
  }

  /**
   * Waits until the file system has committed what came before (deleting a fsynced GiB makes
   * the next journal commit discard its blocks), so that no measurement pays for the one before.
   */
  private void settle() throws IOException, InterruptedException {
    run("sync", "-f", folder.toString());
  }

  private static String opensslDigest(Path file) throws IOException, InterruptedException {
    String output = run("openssl", "dgst", "-sha256", "-r", file.toString());
    return output.substring(0, output.indexOf(' '));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException("Cannot run " + Arrays.toString(command) + ": " + output.strip());
    }
    return output;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private double rate(double seconds) {
    return fileBytes / (double) MIB / seconds;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException("Benchmark result is wrong: " + problem);
    }
  }

  private static void deleteContents(Path folder) throws IOException {
    List<Path> children = new ArrayList<>();
    try (var list = Files.list(folder)) {
      list.forEach(children::add);
    }
    for (Path child : children) {
      MoreFiles.deleteRecursively(child);
    }
  }
}
