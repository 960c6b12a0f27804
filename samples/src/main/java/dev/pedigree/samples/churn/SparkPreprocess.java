package dev.pedigree.samples.churn;

import dev.pedigree.gates.CheckResult;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageContext;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.spark.SparkStageContext;
import dev.pedigree.spark.SparkStages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The preprocess stage on Apache Spark ({@code --engine spark}): the same data-quality check as
 * in this JVM, then the split done by Spark. The raw file's lines are numbered in file order
 * ({@code zipWithIndex}), parsed and formatted with {@link ChurnCsv}, every fourth row goes to
 * {@code holdout.csv} and the rest to {@code train.csv}; each file is written by Spark as one
 * sorted partition, so its bytes equal the in-process stage's.
 *
 * <p>Only {@link Engine#SPARK} names this class, so the JVM loads it, and Spark, only then.
 */
final class SparkPreprocess {
  private SparkPreprocess() {
  }

  /** The stage's action; the data-quality result is handed back through {@code quality}. */
  static StageAction action(AtomicReference<CheckResult> quality) {
    return SparkStages.spark(ctx -> run(ctx, quality));
  }

  /**
   * Uses the active or default session when there is one; otherwise starts a local one (on
   * {@code local[*]} unless {@code spark.master} is set, bound to loopback, without the UI,
   * logging warnings and errors only) that closing stops.
   */
  static Engine.Session openSession() {
    if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined()) {
      return () -> { };
    }
    SparkSession.Builder builder = SparkSession.builder().appName("pedigree-churn-sample")
        .config("spark.ui.enabled", "false");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session::stop;
  }

  private static void run(SparkStageContext ctx, AtomicReference<CheckResult> quality) throws IOException {
    StageContext stage = ctx.stage();
    Path raw = ChurnPipeline.checkRaw(stage, quality);
    int every = Integer.parseInt(ctx.param("holdout_every"));
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(ctx.session().sparkContext());
    JavaRDD<String> lines = spark.textFile(raw.toUri().toString(), spark.defaultParallelism());
    ctx.metric("spark_partitions", lines.getNumPartitions());
    String header = lines.first();
    if (!ChurnCsv.HEADER.equals(header)) {
      throw new IllegalStateException("Cannot prepare the week's data: the header is '" + header + "', expected '"
          + ChurnCsv.HEADER + "'");
    }
    // (row number, line as ChurnCsv writes it), the rows in file order: line numbers first, so
    // that the data rows, without the header and blank lines, are numbered as the in-process split does.
    JavaPairRDD<Long, String> rows = lines.zipWithIndex()
        .filter(line -> line._2() > 0 && !line._1().isEmpty())
        .map(line -> ChurnCsv.line(ChurnCsv.parse(line._1(), Math.toIntExact(line._2() + 1))))
        .zipWithIndex()
        .mapToPair(Tuple2::swap)
        .cache();
    try {
      JavaPairRDD<Long, String> train = rows.filter(row -> row._1() % every != every - 1);
      JavaPairRDD<Long, String> holdout = rows.filter(row -> row._1() % every == every - 1);
      Path out = stage.output(ChurnPipeline.FEATURES);
      Path scratch = Files.createTempDirectory("pedigree-churn-spark-");
      try {
        write(spark, train, out.resolve("train.csv"), scratch);
        write(spark, holdout, out.resolve("holdout.csv"), scratch);
      } finally {
        deleteTree(scratch);
      }
      // A formatted line ends with its churned field.
      ChurnPipeline.recordSplit(stage, train.count(), holdout.count(), rows.filter(row -> row._2().endsWith(",1")).count());
    } finally {
      rows.unpersist(false);
    }
  }

  /** Writes the header and the rows in row order as one file, by Spark, then moves it to {@code file}. */
  private static void write(JavaSparkContext spark, JavaPairRDD<Long, String> rows, Path file, Path scratch)
      throws IOException {
    Path written = scratch.resolve(file.getFileName().toString());
    spark.parallelizePairs(List.of(new Tuple2<>(-1L, ChurnCsv.HEADER)), 1).union(rows)
        .sortByKey(true, 1).values().saveAsTextFile(written.toUri().toString());
    Files.move(written.resolve("part-00000"), file);
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the Spark scratch folder " + folder + ": " + e.getMessage()
          + "; delete it by hand", e);
    }
  }
}
