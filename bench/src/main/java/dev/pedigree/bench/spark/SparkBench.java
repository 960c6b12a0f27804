package dev.pedigree.bench.spark;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.spark.PedigreeSpark;
import dev.pedigree.spark.SparkRead;
import dev.pedigree.spark.SparkWrite;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Pedigree on Spark local mode next to plain Spark, in the same run on the same data: a dataset
 * of about {@code --mib} MiB of Parquet in {@code --partitions} partitions is written with plain
 * {@code write.parquet} and as a Pedigree version, then read back in full (every column summed)
 * with plain {@code read.parquet} and through Pedigree, verified and not. Then versions of 1,000
 * and {@code --files} files are written, and the driver's heap after a full GC is printed for
 * each: it should stay flat, as the driver holds only the manifest entries.
 *
 * <p>Usage: {@code bench/run-spark.sh [--mib 1024] [--partitions 200] [--files 10000] [--dir folder]}.
 */
public final class SparkBench {
  private SparkBench() {
  }

  /**
   * Runs the bench.
   *
   * @param args options, see the class comment
   * @throws IOException if the scratch folder cannot be made
   */
  public static void main(String[] args) throws IOException {
    long mib = 1024;
    int partitions = 200;
    int files = 10_000;
    Path dir = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--mib" -> mib = Long.parseLong(args[i + 1]);
        case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("pedigree-spark-bench-");
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("pedigree-spark-bench")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try (Repository repo = Repository.open(dir.resolve("repo").toString())) {
      PedigreeSpark pedigree = PedigreeSpark.on(spark, repo);
      // Five random doubles and a long: 48 bytes a row that Parquet cannot compress much.
      long rows = mib * (1L << 20) / 48;
      Dataset<Row> data = spark.range(0, rows, 1, partitions)
          .withColumn("a", functions.rand(1)).withColumn("b", functions.rand(2)).withColumn("c", functions.rand(3))
          .withColumn("d", functions.randn(4)).withColumn("e", functions.randn(5));
      System.out.printf(Locale.ROOT, "rows=%d partitions=%d cores=%d load=%.2f%n", rows, partitions,
          Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

      Path plain = dir.resolve("plain");
      double plainWrite = seconds(() -> data.write().parquet(plain.toString()));
      double pedigreeWrite = seconds(() -> pedigree.write(data, SparkWrite.of("bench", ArtifactKind.DATASET)
          .code(CodeVersion.of("bench")).build()));
      ArtifactVersion version = repo.artifacts().resolve("bench");
      System.out.printf(Locale.ROOT, "stored: plain %.0f MiB, pedigree %.0f MiB in %d files%n",
          folderBytes(plain) / 1048576.0, version.size() / 1048576.0, repo.artifacts().manifest(version).entries().size());
      System.out.printf(Locale.ROOT, "write: plain %.1f s, pedigree %.1f s, ratio %.2f%n", plainWrite, pedigreeWrite,
          pedigreeWrite / plainWrite);

      double plainRead = seconds(() -> sumAll(spark.read().parquet(plain.toString())));
      double pedigreeRead = seconds(() -> sumAll(pedigree.read(SparkRead.of("bench").verify(false).build())));
      double verifiedRead = seconds(() -> sumAll(pedigree.read("bench")));
      System.out.printf(Locale.ROOT, "read: plain %.1f s, pedigree %.1f s (ratio %.2f), verified %.1f s (ratio %.2f)%n",
          plainRead, pedigreeRead, pedigreeRead / plainRead, verifiedRead, verifiedRead / plainRead);

      for (int count : new int[] {1000, files}) {
        Dataset<Long> many = spark.range(0, count * 10L, 1, count);
        double took = seconds(() -> pedigree.write(many, SparkWrite.of("many-" + count, ArtifactKind.DATASET)
            .code(CodeVersion.of("bench")).build()));
        System.out.printf(Locale.ROOT, "files=%d write %.1f s, driver heap after GC %.1f MiB%n", count, took,
            heapAfterGc() / 1048576.0);
      }
    } finally {
      spark.stop();
      delete(dir);
    }
  }

  private static void sumAll(Dataset<Row> rows) {
    Row sums = rows.agg(functions.sum("id"), functions.sum("a"), functions.sum("b"), functions.sum("c"),
        functions.sum("d"), functions.sum("e")).first();
    if (sums.isNullAt(0)) {
      throw new IllegalStateException("read no rows");
    }
  }

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long folderBytes(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}
