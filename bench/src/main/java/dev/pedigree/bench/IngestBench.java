package dev.pedigree.bench;

import com.google.common.io.MoreFiles;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.objects.Digest;
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
import java.util.Map;
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
    double[] heapCopy = new double[rounds];
    double[] openssl = new double[rounds];
    double[] copy = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      // The order turns each round, so whatever one measurement leaves behind is not always paid by the same one.
      for (int step = 0; step < 4; step++) {
        switch ((round + step) % 4) {
          case 0 -> ingest[round] = timeIngest(source, expected, round, false);
          case 1 -> openssl[round] = timeOpenssl(source, expected);
          case 2 -> heapCopy[round] = timeIngest(source, expected, round, true);
          default -> copy[round] = timeCopyAndSync(source);
        }
      }
      System.out.printf(Locale.ROOT, "round %d: pedigree ingest %.2f s (%.0f MiB/s) | A/B: through heap streams %.2f s"
          + " (%.0f MiB/s) | openssl dgst -sha256 %.2f s (%.0f MiB/s) | cp + sync %.2f s (%.0f MiB/s)%n", round + 1,
          ingest[round], rate(ingest[round]), heapCopy[round], rate(heapCopy[round]), openssl[round],
          rate(openssl[round]), copy[round], rate(copy[round]));
    }
    double ours = median(ingest);
    double before = median(heapCopy);
    double hash = median(openssl);
    double cp = median(copy);
    double limit = Math.max(hash, cp);
    System.out.printf(Locale.ROOT, "median of %d rounds, %d MiB: pedigree ingest %.2f s (%.0f MiB/s), through heap"
        + " streams (before) %.2f s, openssl dgst -sha256 %.2f s (%.0f MiB/s), cp + sync %.2f s (%.0f MiB/s)%n", rounds,
        fileBytes / MIB, ours, rate(ours), before, hash, rate(hash), cp, rate(cp));
    System.out.printf(Locale.ROOT, "ratio: ingest / max(openssl, cp + sync) = %.2f / %.2f = %.2f (target <= 1.20);"
        + " before (heap streams): %.2f%n", ours, limit, ours / limit, before / limit);
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
    for (int i = 0; i < 4; i++) {
      System.setProperty("pedigree.ingest.heapCopy", Boolean.toString(i % 2 == 1));
      try (FileBlobStore store = new FileBlobStore(root)) {
        new ObjectStore(store).ingest(source);
      } finally {
        System.clearProperty("pedigree.ingest.heapCopy");
      }
      MoreFiles.deleteRecursively(root);
    }
    Files.delete(source);
    settle();
  }

  private double timeIngest(Path source, String expected, int round, boolean heapCopy)
      throws IOException, InterruptedException {
    Path root = folder.resolve("store-" + round);
    double seconds;
    System.setProperty("pedigree.ingest.heapCopy", Boolean.toString(heapCopy));
    try (FileBlobStore store = new FileBlobStore(root)) {
      ObjectStore objects = new ObjectStore(store);
      long start = System.nanoTime();
      Digest digest = objects.ingest(source);
      seconds = seconds(start);
      check(digest.toString().equals(expected), "ingest computed " + digest + " but openssl says " + expected);
    } finally {
      System.clearProperty("pedigree.ingest.heapCopy");
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
    // A stat cache does not trust files modified within the last two seconds (git's "racily clean").
    Thread.sleep(2100);

    System.out.printf(Locale.ROOT, "%nsmall files: %d files of 1 KiB in %d folders; load average %s%n", smallFiles,
        (smallFiles + perFolder - 1) / perFolder, loadAverage());
    Path root = folder.resolve("store-small");
    double first;
    double second;
    double changed;
    long firstRss;
    long secondRss;
    try (FileBlobStore store = new FileBlobStore(root);
        Repository repo = Repository.builder(store).actor("bench").statCache(folder.resolve("stat-cache")).build()) {
      resetPeakRss();
      long start = System.nanoTime();
      ArtifactVersion v1 = repo.artifacts().register(NewVersion.of("small", ArtifactKind.DATASET).directory(tree).build());
      first = seconds(start);
      firstRss = peakRssKib();
      resetPeakRss();
      start = System.nanoTime();
      ArtifactVersion v2 = repo.artifacts().register(NewVersion.of("small", ArtifactKind.DATASET).directory(tree).build());
      second = seconds(start);
      secondRss = peakRssKib();
      check(v1.content().equals(v2.content()), "registering the unchanged folder again gave another digest");
      long packs = countFiles(root.resolve("packs"));
      long loose = countFiles(root.resolve("objects"));
      System.out.printf(Locale.ROOT, "pedigree register (durable, folder store): %.2f s, peak RSS %d MiB (heap limit %d MiB);"
          + " %d pack files, %d loose objects%n", first, firstRss / 1024, Runtime.getRuntime().maxMemory() >> 20, packs,
          loose);
      System.out.printf(Locale.ROOT, "pedigree register again, unchanged: %.3f s, peak RSS %d MiB%n", second,
          secondRss / 1024);
      Path one = tree.resolve("d000/f000000.bin");
      Files.write(one, "changed".getBytes(StandardCharsets.UTF_8));
      start = System.nanoTime();
      ArtifactVersion v3 = repo.artifacts().register(NewVersion.of("small", ArtifactKind.DATASET).directory(tree).build());
      changed = seconds(start);
      check(!v3.content().equals(v2.content()), "the changed folder gave the old digest");
      System.out.printf(Locale.ROOT, "pedigree register after changing one file: %.3f s%n", changed);
    }

    // git: the repository lives outside the tree, so the tree stays as Pedigree saw it.
    Path gitDir = folder.resolve("git-dir");
    Measured gitAdd = null;
    Measured gitStatus = null;
    if (installed("git")) {
      runIn(tree, "git", "--git-dir=" + gitDir, "--work-tree=" + tree, "init", "-q");
      gitAdd = measured(tree, Map.of(), "git", "--git-dir=" + gitDir, "--work-tree=" + tree, "add", "-A");
      gitStatus = measured(tree, Map.of(), "git", "--git-dir=" + gitDir, "--work-tree=" + tree, "status", "--porcelain");
      gitStatus = measured(tree, Map.of(), "git", "--git-dir=" + gitDir, "--work-tree=" + tree, "status", "--porcelain");
      System.out.printf(Locale.ROOT, "git add -A (no fsync): %.2f s, peak RSS %d MiB; git status: %.3f s%n",
          gitAdd.seconds, gitAdd.rssKib / 1024, gitStatus.seconds);
    } else {
      System.out.println("git is not installed: its comparison is skipped");
    }
    Measured resticFirst = null;
    Measured resticSecond = null;
    if (installed("restic")) {
      Map<String, String> env = Map.of("RESTIC_REPOSITORY", folder.resolve("restic-repo").toString(),
          "RESTIC_PASSWORD", "bench", "RESTIC_CACHE_DIR", folder.resolve("restic-cache").toString());
      measured(folder, env, "restic", "init", "-q");
      resticFirst = measured(folder, env, "restic", "backup", "-q", tree.toString());
      resticSecond = measured(folder, env, "restic", "backup", "-q", tree.toString());
      System.out.printf(Locale.ROOT, "restic backup: %.2f s, peak RSS %d MiB; second backup, unchanged: %.2f s%n",
          resticFirst.seconds, resticFirst.rssKib / 1024, resticSecond.seconds);
    } else {
      System.out.println("restic is not installed (apt-get install restic): its comparison is skipped");
    }
    if (resticFirst != null) {
      System.out.printf(Locale.ROOT, "ratio: register / restic backup = %.2f (target <= 0.5)%n", first / resticFirst.seconds);
      System.out.printf(Locale.ROOT, "ratio: register again / restic's second backup = %.2f%n", second / resticSecond.seconds);
    }
    if (gitAdd != null) {
      System.out.printf(Locale.ROOT, "ratio: register / git add -A = %.2f (target <= 0.25)%n", first / gitAdd.seconds);
      System.out.printf(Locale.ROOT, "ratio: register again (unchanged) / git status = %.2f (target <= 2.0)%n",
          second / gitStatus.seconds);
      System.out.printf(Locale.ROOT, "ratio: register after one change / git status = %.2f%n", changed / gitStatus.seconds);
    }
  }

  private record Measured(double seconds, long rssKib) {
  }

  /** Runs a tool under /usr/bin/time, for its wall time and peak RSS. */
  private static Measured measured(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Path times = Files.createTempFile("pedigree-bench-time", ".txt");
    try {
      List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", times.toString()));
      full.addAll(List.of(command));
      ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IOException("Cannot run " + String.join(" ", command) + ": " + output.strip());
      }
      String[] fields = Files.readString(times).strip().split("\\s+");
      return new Measured(Double.parseDouble(fields[fields.length - 2]), Long.parseLong(fields[fields.length - 1]));
    } finally {
      Files.deleteIfExists(times);
    }
  }

  private static void runIn(Path dir, String... command) throws IOException, InterruptedException {
    measured(dir, Map.of(), command);
  }

  private static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return Files.isExecutable(Path.of("/usr/bin/time"));
      }
    }
    return false;
  }

  /** Resets this process's peak RSS (Linux), so the next phase's peak is its own. */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      System.out.println("(cannot reset the peak RSS: " + e.getMessage() + "; the figure covers the whole run)");
    }
  }

  static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
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
