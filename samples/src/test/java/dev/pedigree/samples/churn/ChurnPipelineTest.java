package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-stage pipeline on its own: what it registers, and the data-quality stop. */
class ChurnPipelineTest {
  @TempDir
  Path work;

  private Repository repo;
  private ArtifactVersion config;
  private ArtifactVersion reference;
  private final ChurnDataGenerator generator = new ChurnDataGenerator(8);

  @BeforeEach
  void setUp() {
    repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    config = register(ChurnPipeline.CONFIG, ArtifactKind.CONFIG, TrainingConfig.defaults().toJson());
    reference = register(ChurnPipeline.REFERENCE_SET, ArtifactKind.DATASET,
        ChurnCsv.write(generator.week(99, 800, WeekConditions.healthy())));
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private ArtifactVersion register(String name, ArtifactKind kind, byte[] content) {
    return repo.artifacts().register(NewVersion.of(name, kind).bytes(content).build());
  }

  @Test
  void runReportsEachStageAndTheVersionsItProduced() {
    ArtifactVersion raw = register(ChurnPipeline.RAW, ArtifactKind.DATASET,
        ChurnCsv.write(generator.week(3, 800, WeekConditions.healthy())));
    ChurnPipeline.Outcome outcome = ChurnPipeline.run(repo, work, raw, config, reference);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.stages()).containsExactly("preprocess ran", "train ran", "evaluate ran");
    assertThat(outcome.model().orElseThrow().artifact()).isEqualTo(ChurnPipeline.MODEL);
    ArtifactVersion evaluation = outcome.evaluation().orElseThrow();
    assertThat(evaluation.metric("auc").orElseThrow()).isGreaterThan(0.8);
    assertThat(evaluation.metric("holdout_auc")).isPresent();
    assertThat(ChurnPipeline.evaluationOf(repo, repo.artifacts().version(outcome.model().orElseThrow())))
        .contains(evaluation);
    assertThat(repo.runs().list().map(r -> r.job() + ":" + r.status()).sorted()).containsExactly(
        "churn/evaluate:" + RunStatus.SUCCEEDED, "churn/preprocess:" + RunStatus.SUCCEEDED,
        "churn/train:" + RunStatus.SUCCEEDED);
  }

  @Test
  void dataThatBreaksTheQualityRulesStopsThePipelineBeforeTrainingAndRegistersNothing() {
    String csv = new String(ChurnCsv.write(generator.week(2, 400, WeekConditions.healthy())), StandardCharsets.UTF_8);
    String broken = csv.replaceFirst(",month-to-month,", ",monthly,").replaceFirst("\nw02-c00002,\\d+,", "\nw02-c00002,150,");
    ArtifactVersion raw = register(ChurnPipeline.RAW, ArtifactKind.DATASET, broken.getBytes(StandardCharsets.UTF_8));

    ChurnPipeline.Outcome outcome = ChurnPipeline.run(repo, work, raw, config, reference);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.stages()).containsExactly("preprocess failed", "train skipped upstream failed",
        "evaluate skipped upstream failed");
    assertThat(outcome.quality().blocking()).isTrue();
    assertThat(outcome.quality().evidence().summary()).contains("contract").contains("tenure_months");
    assertThat(repo.artifacts().latest(ChurnPipeline.FEATURES)).isEmpty();
    assertThat(repo.artifacts().latest(ChurnPipeline.MODEL)).isEmpty();
  }
}
