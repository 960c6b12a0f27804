package dev.pedigree.samples.churn;

import dev.pedigree.gates.CheckResult;
import dev.pedigree.pipeline.StageAction;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the churn pipeline's preprocess stage runs: in this JVM (the default) or on Apache
 * Spark ({@code --engine spark}). Both check the raw data the same way and write the same
 * {@code train.csv} and {@code holdout.csv} bytes, so the features version, and the model
 * trained on it, have the same digests.
 *
 * <p>No Spark class is named here: the Spark stage lives in {@link SparkPreprocess}, which the
 * JVM loads only when this engine is {@link #SPARK}, so the in-process sample runs without
 * Spark on its class path.
 */
enum Engine {
  /** The stage runs on the pipeline runner's threads. */
  IN_PROCESS("in-process"),
  /** The stage runs on Spark: the active or default session, else a local one this run starts. */
  SPARK("spark");

  /** Classes the Spark engine needs, each with the artifact that brings it. */
  private static final String[][] SPARK_CLASSES = {
      {"org.apache.spark.sql.classic.SparkSession", "org.apache.spark:spark-sql_2.13 (Spark 4.x)"},
      {"dev.pedigree.spark.SparkStages", "dev.pedigree:pedigree-spark"}};

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  /** The option's value and the {@code engine} param the preprocess run records. */
  String id() {
    return id;
  }

  /** Parses {@code --engine}'s value. */
  static Engine parse(String text) {
    return Arrays.stream(values()).filter(e -> e.id.equals(text.toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot run the churn sample: --engine must be "
            + "in-process or spark, was '" + text + "'"));
  }

  /**
   * The preprocess stage's action on this engine; the data-quality result is handed back
   * through {@code quality}.
   *
   * @throws EngineUnavailableException when the engine's classes are not on the class path
   */
  StageAction preprocess(AtomicReference<CheckResult> quality) {
    if (this == IN_PROCESS) {
      return ctx -> ChurnPipeline.preprocess(ctx, quality);
    }
    requireAvailable();
    return SparkPreprocess.action(quality);
  }

  /**
   * Gets the engine ready for a run of the sample: for Spark, the active or default session,
   * or else a local session that closing stops.
   *
   * @throws EngineUnavailableException when the engine's classes are not on the class path
   */
  Session open() {
    if (this == IN_PROCESS) {
      return () -> { };
    }
    requireAvailable();
    return SparkPreprocess.openSession();
  }

  /** Fails with what to add when this engine's classes are missing. */
  void requireAvailable() {
    if (this == IN_PROCESS) {
      return;
    }
    for (String[] needed : SPARK_CLASSES) {
      try {
        Class.forName(needed[0], false, Engine.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new EngineUnavailableException("Cannot run the preprocess stage on Spark: " + needed[0]
            + " is not on the class path; add " + needed[1] + " to it (with Maven in this project: mvn -B -pl"
            + " samples -am compile exec:java -Dexec.classpathScope=compile, and Spark's --add-opens flags in"
            + " MAVEN_OPTS; see samples/README.md), or leave out --engine spark", e);
      }
    }
  }

  /** What an engine keeps open for a run of the sample. */
  interface Session extends AutoCloseable {
    /** Releases what the engine started; nothing when it started nothing. */
    @Override
    void close();
  }
}
