package dev.pedigree.pipeline;

import static dev.pedigree.pipeline.Fixtures.inputs;
import static dev.pedigree.pipeline.Fixtures.read;
import static dev.pedigree.pipeline.Fixtures.runsOf;
import static dev.pedigree.pipeline.Fixtures.write;
import static dev.pedigree.pipeline.Fixtures.writeOld;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skip rules: a stage runs again exactly when its code identity, a parameter or an input's
 * content changed, and its downstream stages run again when its outputs changed.
 *
 * <p>The pipeline: preprocess(raw-customers@production) -> features; train(features) -> model;
 * evaluate(model, local holdout file) -> report; and an independent summary(raw) -> summary.
 */
class IncrementalExecutionTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();
  private final Fixtures.Calls calls = new Fixtures.Calls();
  @TempDir
  Path dir;
  private Path holdout;

  private String preprocessCode = "v1";
  private String minTenure = "1";
  private String epochs = "20";

  @BeforeEach
  void setUp() {
    Fixtures.registerRaw(repo, "alice,3\nbob,0\n");
    holdout = dir.resolve("holdout.csv");
    writeOld(holdout, "carol,5\n", 60);
  }

  private Pipeline pipeline() {
    Stage preprocess = new Stage("preprocess", inputs("raw", StageInput.artifact("raw-customers@production")),
        Map.of("min_tenure", minTenure), List.of(new StageOutput("features", ArtifactKind.DATASET)),
        CodeIdentity.version(preprocessCode), ctx -> {
          calls.add("preprocess");
          write(ctx.output("features").resolve("features.csv"),
              "features of [" + read(ctx.input("raw")) + "] tenure>=" + ctx.param("min_tenure") + " code " + preprocessCode);
        });
    Stage train = new Stage("train", inputs("features", StageInput.stageOutput("preprocess", "features")),
        Map.of("epochs", epochs), List.of(new StageOutput("churn-model", ArtifactKind.MODEL)),
        CodeIdentity.version("t1"), ctx -> {
          calls.add("train");
          ctx.metric("loss", 0, 0.9);
          ctx.metric("loss", 1, 0.4);
          write(ctx.output("churn-model").resolve("model.bin"), "model(" + read(ctx.input("features")) + ", epochs="
              + ctx.param("epochs") + ")");
        });
    Stage evaluate = new Stage("evaluate", inputs("model", StageInput.stageOutput("train", "churn-model"),
        "holdout", StageInput.local(holdout)), Map.of(), List.of(new StageOutput("churn-report", ArtifactKind.REPORT)),
        CodeIdentity.version("e1"), ctx -> {
          calls.add("evaluate");
          ctx.metric("auc", 0.87);
          write(ctx.output("churn-report").resolve("report.txt"), "report on " + read(ctx.input("model")) + " with "
              + read(ctx.input("holdout")));
        });
    Stage summary = new Stage("summary", inputs("raw", StageInput.artifact("raw-customers@production")), Map.of(),
        List.of(new StageOutput("raw-summary", ArtifactKind.REPORT)), CodeIdentity.version("s1"), ctx -> {
          calls.add("summary");
          write(ctx.output("raw-summary").resolve("summary.txt"), read(ctx.input("raw")).lines().count() + " rows");
        });
    return new Pipeline("churn", List.of(preprocess, train, evaluate, summary));
  }

  private PipelineResult run() {
    return runner().run(pipeline());
  }

  private PipelineRunner runner() {
    return PipelineRunner.on(repo).statCache(dir.resolve("cache/stat-cache")).workDirectory(dir.resolve("work"));
  }

  private PipelineResult firstTwoRuns() {
    PipelineResult first = run();
    assertThat(first.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate", "summary");
    assertThat(calls.drain()).containsExactlyInAnyOrder("preprocess", "train", "evaluate", "summary");
    PipelineResult second = run();
    assertThat(second.stagesWith(StageStatus.SKIPPED_UNCHANGED))
        .containsExactly("preprocess", "train", "evaluate", "summary");
    assertThat(calls.drain()).isEmpty();
    assertThat(runsOf(repo, "churn")).hasSize(4);
    return first;
  }

  @Test
  void anUnchangedPipelineRunsNothingAndReusesTheRecordedOutputs() {
    PipelineResult first = firstTwoRuns();
    PipelineResult again = run();
    for (String stage : List.of("preprocess", "train", "evaluate", "summary")) {
      assertThat(again.stage(stage).outputs()).isEqualTo(first.stage(stage).outputs());
      assertThat(again.stage(stage).runId()).isEqualTo(first.stage(stage).runId());
      assertThat(again.stage(stage).fingerprint()).isEqualTo(first.stage(stage).fingerprint());
    }
    assertThat(repo.artifacts().latest("churn-model").orElseThrow().number()).isEqualTo(1);
    assertThat(again.succeeded()).isTrue();
  }

  @Test
  void aChangedParameterRerunsThatStageAndItsDownstreamOnly() {
    firstTwoRuns();
    epochs = "30";
    PipelineResult result = run();
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("train", "evaluate");
    assertThat(result.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("preprocess", "summary");
    assertThat(calls.drain()).containsExactly("train", "evaluate");
    assertThat(runsOf(repo, "churn")).hasSize(6);
    assertThat(repo.artifacts().latest("churn-model").orElseThrow().params()).containsEntry("epochs", "30");

    epochs = "20";
    PipelineResult back = run();
    assertThat(back.stagesWith(StageStatus.RAN)).as("the first parameters' runs are remembered").isEmpty();
    assertThat(runsOf(repo, "churn")).hasSize(6);
  }

  @Test
  void aChangedArtifactInputRerunsItsReadersAndTheirDownstream() {
    firstTwoRuns();
    Fixtures.registerRaw(repo, "alice,3\nbob,0\ndave,9\n");
    PipelineResult result = run();
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate", "summary");
    assertThat(runsOf(repo, "churn")).hasSize(8);
  }

  @Test
  void aChangedLocalInputRerunsOnlyItsReader() {
    firstTwoRuns();
    writeOld(holdout, "carol,6\n", 30);
    PipelineResult result = run();
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("evaluate");
    assertThat(calls.drain()).containsExactly("evaluate");
    assertThat(runsOf(repo, "churn")).hasSize(5);
  }

  @Test
  void aChangedCodeIdentityRerunsThatStageAndTheStagesItsNewOutputFeeds() {
    firstTwoRuns();
    preprocessCode = "v2";
    PipelineResult result = run();
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate");
    assertThat(result.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("summary");
    assertThat(runsOf(repo, "churn")).hasSize(7);
    Run preprocess = repo.runs().run(result.stage("preprocess").runId().orElseThrow());
    assertThat(preprocess.code().version()).hasValue("v2");
  }

  @Test
  void aRerunWhoseOutputIsIdenticalLeavesItsDownstreamSkipped() {
    firstTwoRuns();
    PipelineResult result = runner().force("summary", "preprocess").run(pipeline());
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "summary");
    assertThat(result.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("train", "evaluate");
    assertThat(runsOf(repo, "churn")).hasSize(6);
    PipelineResult all = runner().forceAll().run(pipeline());
    assertThat(all.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate", "summary");
  }

  @Test
  void everyExecutedStageIsARunWithItsInputsOutputsParamsMetricsAndCode() {
    PipelineResult result = run();
    StageResult train = result.stage("train");
    Run run = repo.runs().run(train.runId().orElseThrow());
    assertThat(run.job()).isEqualTo("churn/train");
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.inputs()).containsExactly(result.stage("preprocess").output("features").orElseThrow().version());
    assertThat(run.outputs()).containsExactly(train.output("churn-model").orElseThrow().version());
    assertThat(run.params()).containsEntry("epochs", "20")
        .containsEntry("pedigree.fingerprint", train.fingerprint().orElseThrow().toString());
    assertThat(run.metrics()).containsEntry("loss", 0.4);
    assertThat(run.metricHistory()).hasSize(2);
    assertThat(run.code().version()).hasValue("t1");
    ArtifactVersion model = repo.artifacts().version(train.output("churn-model").orElseThrow().version());
    assertThat(model.producedBy()).hasValue(run.id());
    assertThat(model.content()).isEqualTo(train.output("churn-model").orElseThrow().digest());
    assertThat(model.metrics()).containsEntry("loss", 0.4);
    Run evaluate = repo.runs().run(result.stage("evaluate").runId().orElseThrow());
    assertThat(evaluate.params().get("pedigree.input.holdout")).startsWith(holdout.toString() + " file:sha256:");
    assertThat(repo.runs().consumersOf(model.id())).containsExactly(evaluate.id());
  }

  @Test
  void successesAreSharedThroughTheStoreSoAnotherMachineSkipsToo() throws Exception {
    run();
    // Another process: a new repository object on the same store, a new stat cache file.
    Repository other = Repository.builder(dev.pedigree.internal.RepositoryInternals.of(repo).store()).actor("ci").build();
    PipelineResult there = PipelineRunner.on(other).statCache(dir.resolve("other-cache")).run(pipeline());
    assertThat(there.stagesWith(StageStatus.SKIPPED_UNCHANGED)).hasSize(4);
    assertThat(Files.exists(dir.resolve("other-cache"))).isTrue();
  }
}
