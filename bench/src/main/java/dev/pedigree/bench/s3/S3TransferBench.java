package dev.pedigree.bench.s3;

import com.google.common.io.MoreFiles;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStores;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.s3.S3BlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads and downloads one large object and many small ones to an S3Proxy server on loopback,
 * once with Pedigree's S3 backend and once with rclone, in the same run and against the same
 * server, and prints both timings and their ratio.
 *
 * <p>Both sides run with their defaults where they have them: Pedigree's store with 8 MiB parts,
 * 4 in parallel, a 16 MiB multipart threshold; rclone with its S3 defaults (4 transfers, 4
 * upload streams, 5 MiB chunks, multi-thread downloads). The small objects are sent by 4
 * threads on Pedigree's side, as rclone's 4 transfers do. Every download is checked against the
 * source, outside the timings.
 *
 * <p>Options: {@code --big-mib N} (1024), {@code --small-count N} (10000), {@code --small-kib N}
 * (8), {@code --threads N} (4), {@code --work DIR} (a temporary folder), {@code --server-cp CP}
 * (the class path for the server JVM; default this JVM's), {@code --store-options Q} (more
 * {@code s3://} URI options for Pedigree's store, such as {@code partSize=16MiB&parallelism=8}),
 * {@code --repeat N} (3: each transfer is measured N times, alternating the tools, and the
 * medians are compared).
 */
public final class S3TransferBench {
  private static final String BUCKET = "bench";
  private static final long MIB = 1 << 20;

  private final Path work;
  private final long bigBytes;
  private final int smallCount;
  private final int smallBytes;
  private final int threads;
  private final String serverClassPath;
  private final String storeOptions;
  private final int repeat;
  private final String accessKey = "bench";
  private final String secretKey = "bench-" + UUID.randomUUID();
  private final List<String[]> rows = new ArrayList<>();
  private URI endpoint;
  private Path rcloneConfig;

  private S3TransferBench(Path work, long bigBytes, int smallCount, int smallBytes, int threads, String serverClassPath,
      String storeOptions, int repeat) {
    this.storeOptions = storeOptions;
    this.repeat = repeat;
    this.work = work;
    this.bigBytes = bigBytes;
    this.smallCount = smallCount;
    this.smallBytes = smallBytes;
    this.threads = threads;
    this.serverClassPath = serverClassPath;
  }

  /**
   * Runs the benchmark.
   *
   * @param args the options described above
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    long bigMib = 1024;
    int smallCount = 10_000;
    int smallKib = 8;
    int threads = 4;
    Path work = null;
    String serverClassPath = System.getProperty("java.class.path");
    String storeOptions = "";
    int repeat = 3;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--big-mib" -> bigMib = Long.parseLong(value);
        case "--small-count" -> smallCount = Integer.parseInt(value);
        case "--small-kib" -> smallKib = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--work" -> work = Path.of(value);
        case "--server-cp" -> serverClassPath = value;
        case "--store-options" -> storeOptions = value;
        case "--repeat" -> repeat = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --big-mib, --small-count, --small-kib, --threads, --work, --server-cp, --store-options, --repeat");
      }
    }
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("pedigree-s3-bench") : Files.createDirectories(work);
    try {
      new S3TransferBench(dir, bigMib * MIB, smallCount, smallKib * 1024, threads, serverClassPath, storeOptions,
          repeat).run();
    } finally {
      if (temporary) {
        MoreFiles.deleteRecursively(dir);
      }
    }
  }

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "Preparing %d MiB and %d x %d KiB of random data in %s%n",
        bigBytes / MIB, smallCount, smallBytes / 1024, work);
    Path big = work.resolve("data/big.bin");
    Path small = work.resolve("data/small");
    writeRandom(big, bigBytes, 1);
    Files.createDirectories(small);
    for (int i = 0; i < smallCount; i++) {
      writeRandom(small.resolve(String.format("%06d", i)), smallBytes, 1000 + i);
    }
    String bigHash = sha256(big);

    Process server = startServer();
    // The store is opened from a URI, as users do, so it runs with the provider's client settings;
    // the provider takes credentials from the SDK's default chain, here its system properties.
    System.setProperty("aws.accessKeyId", accessKey);
    System.setProperty("aws.secretAccessKey", secretKey);
    try (S3Client client = S3Client.builder()
        .endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build()) {
      client.createBucket(b -> b.bucket(BUCKET));
      writeRcloneConfig();
      try (S3BlobStore store = (S3BlobStore) BlobStores.open(
          "s3://" + BUCKET + "/pedigree?endpoint=" + endpoint + "&pathStyle=true&region=us-east-1"
              + (storeOptions.isEmpty() ? "" : "&" + storeOptions))) {
        warmUp(store);

        long smallTotal = (long) smallCount * smallBytes;
        double[][] samples = new double[8][repeat];
        for (int r = 0; r < repeat; r++) {
          // Each repetition writes under its own names, so that neither tool finds its data there.
          String run = "run" + r + "/";
          String remote = "bench:" + BUCKET + "/rclone/" + run;
          samples[0][r] = time(() -> create(store, BlobKey.of(run + "big.bin"), big));
          samples[1][r] = time(() -> rclone("copyto", big.toString(), remote + "big.bin"));
          Path pedigreeBig = work.resolve("down/pedigree/big.bin");
          Path rcloneBig = work.resolve("down/rclone/big.bin");
          samples[2][r] = time(() -> download(store, BlobKey.of(run + "big.bin"), pedigreeBig));
          samples[3][r] = time(() -> rclone("copyto", remote + "big.bin", rcloneBig.toString()));
          check(sha256(pedigreeBig).equals(bigHash) && sha256(rcloneBig).equals(bigHash), "large downloads differ");
          Files.delete(pedigreeBig);
          Files.delete(rcloneBig);
          store.delete(BlobKey.of(run + "big.bin"));
          rclone("deletefile", remote + "big.bin");

          samples[4][r] = time(() -> uploadAll(store, small, run));
          samples[5][r] = time(() -> rclone("copy", small.toString(), remote + "small"));
          Path pedigreeSmall = Files.createDirectories(work.resolve("down/pedigree/" + run + "small"));
          Path rcloneSmall = work.resolve("down/rclone/" + run + "small");
          samples[6][r] = time(() -> downloadAll(store, pedigreeSmall, run));
          samples[7][r] = time(() -> rclone("copy", remote + "small", rcloneSmall.toString()));
          check(sameFiles(small, pedigreeSmall) && sameFiles(small, rcloneSmall), "small downloads differ");
          System.out.printf(Locale.ROOT, "run %d: pedigree/rclone seconds: up %.2f/%.2f, down %.2f/%.2f, "
              + "small up %.2f/%.2f, small down %.2f/%.2f%n", r + 1, samples[0][r], samples[1][r], samples[2][r],
              samples[3][r], samples[4][r], samples[5][r], samples[6][r], samples[7][r]);
        }
        packedSmallFiles(small);
        if (repeat == 0) {
          return;
        }
        row("upload " + bigBytes / MIB + " MiB object", median(samples[0]), median(samples[1]), bigBytes, 1);
        row("download " + bigBytes / MIB + " MiB object", median(samples[2]), median(samples[3]), bigBytes, 1);
        row("upload " + smallCount + " x " + smallBytes / 1024 + " KiB", median(samples[4]), median(samples[5]),
            smallTotal, smallCount);
        row("download " + smallCount + " x " + smallBytes / 1024 + " KiB", median(samples[6]), median(samples[7]),
            smallTotal, smallCount);
      }
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    print();
  }

  /**
   * The small files once as one PUT per file (what the store did before packs) and once as a
   * directory ingest that packs them, each through a client that counts its HTTP requests.
   */
  private void packedSmallFiles(Path small) {
    java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    software.amazon.awssdk.core.interceptor.ExecutionInterceptor counter =
        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            requests.incrementAndGet();
          }
        };
    try (S3Client counting = S3Client.builder()
        .endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
        .build()) {
      S3BlobStore perFileStore = S3BlobStore.builder(counting, BUCKET).prefix("per-file").build();
      S3BlobStore packedStore = S3BlobStore.builder(counting, BUCKET).prefix("packed").build();
      requests.set(0);
      double perFile = time(() -> uploadAll(perFileStore, small, "one/"));
      long perFileRequests = requests.getAndSet(0);
      double[] packedSeconds = new double[1];
      dev.pedigree.objects.DirectorySnapshot[] snapshot = new dev.pedigree.objects.DirectorySnapshot[1];
      packedSeconds[0] = time(() -> snapshot[0] = new dev.pedigree.objects.ObjectStore(packedStore).ingestDirectory(small));
      long packedRequests = requests.getAndSet(0);
      check(snapshot[0].manifest().entries().size() == smallCount, "the packed ingest listed every file");
      System.out.printf(Locale.ROOT, "%n%d small files of %d KiB to S3Proxy: one PUT per file %.2f s, %d requests;"
          + " packed directory ingest %.2f s, %d requests%n", smallCount, smallBytes / 1024, perFile, perFileRequests,
          packedSeconds[0], packedRequests);
      System.out.printf(Locale.ROOT, "ratio packed / one PUT per file: time %.3f (goal <= 0.1), requests %.4f (goal <= 0.01)%n",
          packedSeconds[0] / perFile, packedRequests / (double) perFileRequests);
      perFileStore.close();
      packedStore.close();
    }
  }

  private Process startServer() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-Xmx2g", "-cp", serverClassPath, S3ProxyMain.class.getName(),
        work.resolve("server").toString(), accessKey, secretKey)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("ENDPOINT ")) {
        endpoint = URI.create(line.substring("ENDPOINT ".length()).trim());
        return server;
      }
    }
    throw new IllegalStateException("The S3Proxy server exited before it served (exit " + server.waitFor() + ")");
  }

  private void writeRcloneConfig() throws IOException {
    rcloneConfig = work.resolve("rclone.conf");
    Files.writeString(rcloneConfig, String.join("\n",
        "[bench]",
        "type = s3",
        "provider = Other",
        "access_key_id = " + accessKey,
        "secret_access_key = " + secretKey,
        "endpoint = " + endpoint,
        "region = us-east-1",
        "force_path_style = true",
        ""));
  }

  private void warmUp(S3BlobStore store) throws IOException {
    // Untimed: lets the JIT compile every measured path (multipart create, parallel ranged read,
    // small conditional creates and reads) before the runs that count; rclone has no warm-up to do.
    Path warm = work.resolve("data/warm.bin");
    writeRandom(warm, 64 * MIB, 7);
    for (int i = 0; i < 2; i++) {
      create(store, BlobKey.of("warm/big/" + i), warm);
      download(store, BlobKey.of("warm/big/" + i), work.resolve("down/warm.bin"));
      Files.delete(work.resolve("down/warm.bin"));
      store.delete(BlobKey.of("warm/big/" + i));
    }
    Path small = work.resolve("data/warm-small.bin");
    writeRandom(small, smallBytes, 8);
    inParallel(2000, i -> create(store, BlobKey.of("warm/small/" + i), small));
    inParallel(2000, i -> {
      try (InputStream in = store.read(BlobKey.of("warm/small/" + i))) {
        in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Files.delete(warm);
    Files.delete(small);
  }

  private static void create(S3BlobStore store, BlobKey key, Path file) {
    check(store.createIfAbsent(key, BlobSource.ofFile(file)) == CreateResult.CREATED, "created " + key);
  }

  private static void download(S3BlobStore store, BlobKey key, Path target) {
    try {
      Files.createDirectories(target.getParent());
      try (InputStream in = store.read(key); OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void uploadAll(S3BlobStore store, Path dir, String run) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    inParallel(files.size(), i -> create(store, BlobKey.of(run + "small/" + files.get(i).getFileName()), files.get(i)));
  }

  private void downloadAll(S3BlobStore store, Path target, String run) {
    List<BlobInfo> keys = store.listAll(run + "small/").toList();
    check(keys.size() == smallCount, "listed " + keys.size() + " small objects");
    inParallel(keys.size(), i -> download(store, keys.get(i).key(), target.resolve(keys.get(i).key().name())));
  }

  private void inParallel(int count, java.util.function.IntConsumer work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int per = (count + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * per;
        int to = Math.min(count, from + per);
        futures.add(pool.submit(() -> {
          for (int i = from; i < to; i++) {
            work.accept(i);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("A transfer failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void rclone(String... args) {
    List<String> command = new ArrayList<>(List.of("rclone", "--config", rcloneConfig.toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
      // rclone's AWS library fails on a custom CA bundle with its own HTTP transport; the
      // loopback endpoint is plain HTTP and needs none.
      builder.environment().remove("AWS_CA_BUNDLE");
      Process process = builder.start();
      int exit = process.waitFor();
      check(exit == 0, "rclone " + String.join(" ", args) + " exited with " + exit);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run rclone (install it: apt-get install rclone): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private void row(String what, double pedigree, double rclone, long bytes, int objects) {
    rows.add(new String[] {what, rate(pedigree, bytes, objects), rate(rclone, bytes, objects),
        String.format(Locale.ROOT, "%.2f", rclone / pedigree)});
  }

  private static String rate(double seconds, long bytes, int objects) {
    String speed = objects > 1
        ? String.format(Locale.ROOT, "%.0f obj/s", objects / seconds)
        : String.format(Locale.ROOT, "%.0f MiB/s", bytes / (double) MIB / seconds);
    return String.format(Locale.ROOT, "%7.2f s (%s)", seconds, speed);
  }

  private void print() {
    System.out.println();
    System.out.println("S3 transfers to S3Proxy on loopback (" + Runtime.getRuntime().availableProcessors()
        + " CPUs), medians of " + repeat + " runs; ratio = rclone time / Pedigree time (above 1: Pedigree is faster)");
    String format = "%-28s %-26s %-26s %s%n";
    System.out.printf(Locale.ROOT, format, "operation", "pedigree", "rclone", "ratio");
    for (String[] row : rows) {
      System.out.printf(Locale.ROOT, format, (Object[]) row);
    }
  }

  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[(int) Math.min(size, MIB)];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        for (int i = 0; i < buffer.length; i += 8) {
          long word = random.nextLong();
          for (int k = 0; k < 8 && i + k < buffer.length; k++) {
            buffer[i + k] = (byte) (word >>> (8 * k));
          }
        }
        int n = (int) Math.min(left, buffer.length);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean sameFiles(Path expected, Path actual) {
    try (Stream<Path> list = Files.list(expected)) {
      for (Path file : list.toList()) {
        Path other = actual.resolve(file.getFileName());
        if (!Files.exists(other) || Files.mismatch(file, other) != -1) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("Benchmark check failed: " + what);
    }
  }
}
