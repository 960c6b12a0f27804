package dev.pedigree.spark;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.pipeline.StageContext;
import dev.pedigree.spark.internal.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What a Spark stage sees: the session, its inputs as DataFrames, and where its outputs go.
 *
 * <p>The pipeline runner materialises the stage's inputs in a temporary folder of the driver
 * and registers its outputs from one, as for any stage; Spark reads and writes those folders.
 * That suits local mode and a driver whose temporary folder the executors share; for data
 * beyond one machine, read and write versions with {@link PedigreeSpark} inside the action.
 * Outputs are written with stable file names ({@code part-00000.snappy.parquet}), so the same
 * rows give the same version content.
 */
public final class SparkStageContext {
  private static final Pattern SPARK_PART = Pattern.compile("part-(\\d+)-[0-9a-fA-F-]{36}(-c\\d+)?(\\..*)?");

  private final SparkSession spark;
  private final StageContext stage;

  SparkStageContext(SparkSession spark, StageContext stage) {
    this.spark = spark;
    this.stage = stage;
  }

  /**
   * Returns the Spark session.
   *
   * @return the session
   */
  public SparkSession session() {
    return spark;
  }

  /**
   * Returns the plain stage context: parameters, metrics, logger, run id.
   *
   * @return the stage context
   */
  public StageContext stage() {
    return stage;
  }

  /**
   * Returns a declared parameter.
   *
   * @param name the parameter
   * @return its value
   */
  public String param(String name) {
    return stage.param(name);
  }

  /**
   * Logs a metric, recorded on the run and the versions the stage registers.
   *
   * @param name the metric
   * @param value its value
   */
  public void metric(String name, double value) {
    stage.metric(name, value);
  }

  /**
   * Reads a declared input of Parquet files.
   *
   * @param name the input's name
   * @return the DataFrame
   */
  public Dataset<Row> input(String name) {
    return input(name, "parquet", Map.of());
  }

  /**
   * Reads a declared input in a format; CSV is read with a header line.
   *
   * @param name the input's name
   * @param format a Spark file format
   * @return the DataFrame
   */
  public Dataset<Row> input(String name, String format) {
    return input(name, format, "csv".equals(format) ? Map.of("header", "true") : Map.of());
  }

  /**
   * Reads a declared input in a format with reader options.
   *
   * @param name the input's name
   * @param format a Spark file format
   * @param options the reader's options
   * @return the DataFrame
   */
  public Dataset<Row> input(String name, String format, Map<String, String> options) {
    InvalidRequestException.requireNonNull(format, "format");
    Path path = stage.input(name);
    return spark.read().format(format).options(options).load(path.toString());
  }

  /**
   * Writes a declared directory output as Parquet.
   *
   * @param name the output's name
   * @param data the rows
   */
  public void output(String name, Dataset<?> data) {
    output(name, data, "parquet", Map.of());
  }

  /**
   * Writes a declared directory output in a format, with writer options. Spark's marker and
   * checksum files are left out; part files get names without Spark's job id.
   *
   * @param name the output's name
   * @param data the rows
   * @param format a Spark file format
   * @param options the writer's options
   */
  public void output(String name, Dataset<?> data, String format, Map<String, String> options) {
    InvalidRequestException.requireNonNull(data, "data");
    InvalidRequestException.requireNonNull(format, "format");
    Path target = stage.output(name);
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("pedigree-spark-stage-");
      Path written = scratch.resolve("out");
      data.write().format(format).options(options).mode(SaveMode.ErrorIfExists).save(written.toString());
      List<Path> parts;
      try (Stream<Path> files = Files.list(written)) {
        parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
      }
      for (Path part : parts) {
        String file = part.getFileName().toString();
        Matcher m = SPARK_PART.matcher(file);
        String stable = m.matches() ? "part-" + m.group(1) + nullToEmpty(m.group(2)) + nullToEmpty(m.group(3)) : file;
        Files.move(part, target.resolve(stable));
      }
    } catch (IOException e) {
      throw new StorageException("Cannot write output '" + name + "' of stage '" + stage.stage() + "': " + e.getMessage()
          + "; check that the driver's temporary folder is writable and has space", e);
    } finally {
      Folders.deleteTree(scratch);
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
