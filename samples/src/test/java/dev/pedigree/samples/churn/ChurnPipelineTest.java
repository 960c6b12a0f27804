package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.StageStatus;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-stage pipeline on its own: incremental re-runs and the data-quality stop. */
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

  private PipelineResult run(ArtifactVersion raw, AtomicReference<CheckResult> quality) {
    return PipelineRunner.on(repo).workDirectory(work.resolve("stages")).statCache(work.resolve("stat-cache"))
        .run(ChurnPipeline.declare(repo, raw, config, reference, quality, Engine.IN_PROCESS));
  }

  @Test
  void runReportsEachStageAndTheVersionsItProduced() {
    ArtifactVersion raw = register(ChurnPipeline.RAW, ArtifactKind.DATASET,
        ChurnCsv.write(generator.week(3, 800, WeekConditions.healthy())));
    ChurnPipeline.Outcome outcome = ChurnPipeline.run(repo, work, raw, config, reference, Engine.IN_PROCESS);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.stages()).containsExactly("preprocess ran", "train ran", "evaluate ran");
    assertThat(outcome.model().orElseThrow().artifact()).isEqualTo(ChurnPipeline.MODEL);
    assertThat(ChurnPipeline.evaluationOf(repo, repo.artifacts().version(outcome.model().orElseThrow())))
        .contains(outcome.evaluation().orElseThrow());
  }

  @Test
  void aSecondRunOnTheSameInputsSkipsEveryStageAndReusesItsOutputs() {
    ArtifactVersion raw = register(ChurnPipeline.RAW, ArtifactKind.DATASET,
        ChurnCsv.write(generator.week(1, 800, WeekConditions.healthy())));
    PipelineResult first = run(raw, new AtomicReference<>());
    PipelineResult again = run(raw, new AtomicReference<>());

    assertThat(first.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StageStatus.RAN));
    assertThat(again.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StageStatus.SKIPPED_UNCHANGED));
    assertThat(again.stage("train").outputs()).isEqualTo(first.stage("train").outputs());
    assertThat(repo.artifacts().latest(ChurnPipeline.MODEL).orElseThrow().number()).isEqualTo(1);
    ArtifactVersion evaluation = repo.artifacts().latest(ChurnPipeline.EVALUATION).orElseThrow();
    assertThat(evaluation.metric("auc").orElseThrow()).isGreaterThan(0.8);
    assertThat(evaluation.metric("holdout_auc")).isPresent();
  }

  @Test
  void dataThatBreaksTheQualityRulesStopsThePipelineBeforeTrainingAndRegistersNothing() {
    String csv = new String(ChurnCsv.write(generator.week(2, 400, WeekConditions.healthy())), StandardCharsets.UTF_8);
    String broken = csv.replaceFirst(",month-to-month,", ",monthly,").replaceFirst("\nw02-c00002,\\d+,", "\nw02-c00002,150,");
    ArtifactVersion raw = register(ChurnPipeline.RAW, ArtifactKind.DATASET, broken.getBytes(StandardCharsets.UTF_8));
    AtomicReference<CheckResult> quality = new AtomicReference<>();

    PipelineResult result = run(raw, quality);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.stages()).extracting(s -> s.stage() + ":" + s.status()).containsExactly(
        "preprocess:" + StageStatus.FAILED, "train:" + StageStatus.SKIPPED_UPSTREAM_FAILED,
        "evaluate:" + StageStatus.SKIPPED_UPSTREAM_FAILED);
    assertThat(quality.get().blocking()).isTrue();
    assertThat(quality.get().evidence().summary()).contains("contract").contains("tenure_months");
    assertThat(repo.artifacts().latest(ChurnPipeline.FEATURES)).isEmpty();
    assertThat(repo.artifacts().latest(ChurnPipeline.MODEL)).isEmpty();
  }
}
