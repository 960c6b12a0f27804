package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.objects.ManifestEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine switch end to end: week 1 of the sample in this JVM and with {@code --engine spark}
 * (Spark local[2], on loopback) on two fresh repositories gives the same features and model.
 */
class ChurnEngineTest {
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("churn-engine-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void sparkPreprocessingGivesTheSameFeaturesAndModelAsInProcess() {
    Path local = dir.resolve("in-process");
    Path onSpark = dir.resolve("spark");
    assertThat(runWeekOne(local)).isZero();
    assertThat(runWeekOne(onSpark, "--engine", "spark")).isZero();

    try (Repository a = Repository.open(local.resolve("repo").toString());
        Repository b = Repository.open(onSpark.resolve("repo").toString())) {
      ArtifactVersion featuresA = a.artifacts().resolve(ChurnPipeline.FEATURES);
      ArtifactVersion featuresB = b.artifacts().resolve(ChurnPipeline.FEATURES);
      assertThat(b.artifacts().manifest(featuresB).entries()).extracting(ManifestEntry::path)
          .containsExactlyInAnyOrder("train.csv", "holdout.csv");
      assertThat(featuresB.content()).as("the features manifest's digest").isEqualTo(featuresA.content());
      assertThat(b.artifacts().resolve(ChurnPipeline.MODEL).content()).as("the model's content digest")
          .isEqualTo(a.artifacts().resolve(ChurnPipeline.MODEL).content());

      Run preprocessA = a.runs().run(featuresA.producedBy().orElseThrow());
      Run preprocessB = b.runs().run(featuresB.producedBy().orElseThrow());
      assertThat(preprocessA.params()).containsEntry("engine", "in-process");
      assertThat(preprocessA.metrics()).doesNotContainKey("spark_partitions");
      // Recorded only by the Spark stage, from the RDD it split: the raw file read as two partitions.
      assertThat(preprocessB.params()).containsEntry("engine", "spark");
      assertThat(preprocessB.metrics()).containsEntry("spark_partitions", 2.0);
      assertThat(preprocessB.metrics()).containsEntry("train_rows", preprocessA.metrics().get("train_rows"))
          .containsEntry("holdout_rows", preprocessA.metrics().get("holdout_rows"))
          .containsEntry("churn_rate", preprocessA.metrics().get("churn_rate"));
    }
  }

  @Test
  void anUnknownEngineIsAUsageError() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status = ChurnSample.run(new String[] {"--engine", "flink"}, new PrintStream(printed, true,
        StandardCharsets.UTF_8), Map.of());
    assertThat(status).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("--engine must be in-process or spark, was 'flink'");
  }

  private static int runWeekOne(Path out, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "--out";
    args[1] = out.toString();
    args[2] = "--weeks";
    args[3] = "1";
    System.arraycopy(more, 0, args, 4, more.length);
    return ChurnSample.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        Map.of());
  }
}
