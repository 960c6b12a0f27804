package dev.pedigree.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.dsl.Pipelines;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.pipeline.CodeIdentity;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkStageTest {
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("pedigree-spark-stage-test");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Pipeline churn(Path raw) {
    // snippet:spark-stage
    Pipeline churn = Pipelines.named("churn")
        .stage("preprocess").input("raw", raw).param("min_tenure", 3).output("features", ArtifactKind.DATASET)
            .action(SparkStages.spark(ctx -> ctx.output("features", ctx.input("raw", "csv")
                .filter(functions.col("tenure").cast("int").geq(Integer.parseInt(ctx.param("min_tenure"))))
                .coalesce(1))))
        .stage("summary").input("features", Pipelines.stageOutput("preprocess", "features"))
            .output("summary", ArtifactKind.DATASET)
            .action(SparkStages.spark(ctx -> {
              long rows = ctx.input("features").count();
              ctx.metric("rows", rows);
              ctx.output("summary", ctx.session().range(rows).coalesce(1));
            }))
        .build();
    // end-snippet
    return churn;
  }

  @Test
  void sparkStagesRunInAPipelineAndAreSkippedWhenNothingChanged() throws Exception {
    Path raw = Files.writeString(dir.resolve("customers.csv"), "name,tenure\nada,5\nalan,1\ngrace,7\n");
    try (Repository repo = Repository.open(dir.resolve("repo").toString())) {
      PipelineResult first = PipelineRunner.on(repo).run(churn(raw));
      assertThat(first.succeeded()).isTrue();
      assertThat(first.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "summary");
      ArtifactVersion features = repo.artifacts().resolve("features");
      assertThat(repo.artifacts().manifest(features).entries()).extracting(ManifestEntry::path)
          .singleElement().asString().matches("part-00000(-c000)?\\.snappy\\.parquet");
      assertThat(repo.artifacts().resolve("summary").metrics()).containsEntry("rows", 2.0);
      assertThat(churn(raw).stage("preprocess").orElseThrow().code()).as("the lambda's declaring class, not ours")
          .isEqualTo(CodeIdentity.ofClass(SparkStageTest.class));

      PipelineResult second = PipelineRunner.on(repo).run(churn(raw));
      assertThat(second.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("preprocess", "summary");

      Files.writeString(raw, "name,tenure\nada,5\nalan,1\ngrace,7\nedsger,9\n");
      PipelineResult third = PipelineRunner.on(repo).run(churn(raw));
      assertThat(third.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "summary");
      assertThat(repo.artifacts().resolve("summary").metrics()).containsEntry("rows", 3.0);
    }
  }
}
