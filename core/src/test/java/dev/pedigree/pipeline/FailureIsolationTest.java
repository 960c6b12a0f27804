package dev.pedigree.pipeline;

import static dev.pedigree.pipeline.Fixtures.inputs;
import static dev.pedigree.pipeline.Fixtures.runsOf;
import static dev.pedigree.pipeline.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing stage publishes nothing, its downstream is skipped, and other branches finish. */
class FailureIsolationTest {
  private final MemoryBlobStore store = new MemoryBlobStore();
  private final Repository repo = Repository.builder(store).actor("tester").build();
  private final AtomicBoolean breakTrain = new AtomicBoolean(true);
  @TempDir
  Path dir;

  private Pipeline pipeline() {
    Stage prepare = new Stage("prepare", inputs("raw", StageInput.artifact("raw-customers@production")), Map.of(),
        List.of(new StageOutput("features", ArtifactKind.DATASET)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("features").resolve("f.csv"), "features"));
    Stage train = new Stage("train", inputs("features", StageInput.stageOutput("prepare", "features")), Map.of(),
        List.of(new StageOutput("churn-model", ArtifactKind.MODEL), new StageOutput("train-log", ArtifactKind.REPORT)),
        CodeIdentity.version("1"), ctx -> {
          // Writes part of its outputs, then fails: nothing of it may be published.
          write(ctx.output("churn-model").resolve("model.bin"), "half a model");
          write(ctx.output("train-log").resolve("log.txt"), "epoch 1");
          ctx.metric("loss", 0.5);
          if (breakTrain.get()) {
            throw new IllegalStateException("out of memory at epoch 2");
          }
        });
    Stage evaluate = new Stage("evaluate", inputs("model", StageInput.stageOutput("train", "churn-model")), Map.of(),
        List.of(new StageOutput("churn-report", ArtifactKind.REPORT)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("churn-report").resolve("r.txt"), "report"));
    Stage publish = new Stage("publish", inputs("report", StageInput.stageOutput("evaluate", "churn-report")), Map.of(),
        List.of(new StageOutput("site", ArtifactKind.REPORT)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("site").resolve("index.html"), "site"));
    Stage summary = new Stage("summary", inputs("raw", StageInput.artifact("raw-customers@production")), Map.of(),
        List.of(new StageOutput("raw-summary", ArtifactKind.REPORT)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("raw-summary").resolve("s.txt"), "summary"));
    return new Pipeline("churn", List.of(prepare, train, evaluate, publish, summary));
  }

  private PipelineRunner runner() {
    return PipelineRunner.on(repo).statCache(dir.resolve("cache")).workDirectory(dir.resolve("work"));
  }

  private List<String> keys(String prefix) {
    return store.listAll(prefix).map(BlobInfo::key).map(k -> k.value()).toList();
  }

  @Test
  void aFailingStagePublishesNothingAndOnlyItsDownstreamIsSkipped() {
    Fixtures.registerRaw(repo, "raw");
    PipelineResult result = runner().run(pipeline());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("prepare", "summary");
    assertThat(result.stagesWith(StageStatus.FAILED)).containsExactly("train");
    assertThat(result.stagesWith(StageStatus.SKIPPED_UPSTREAM_FAILED)).containsExactly("evaluate", "publish");
    StageResult train = result.stage("train");
    assertThat(train.error()).hasValue("IllegalStateException: out of memory at epoch 2");
    assertThat(train.outputs()).isEmpty();
    assertThat(result.stage("evaluate").error()).hasValue("upstream stage 'train' failed");
    assertThat(result.stage("publish").error()).hasValue("upstream stage 'train' failed");

    // The registry: no version, no alias, not even the artifact.
    assertThat(repo.artifacts().latest("churn-model")).isEmpty();
    assertThat(repo.artifacts().latest("train-log")).isEmpty();
    assertThat(repo.artifacts().aliases("churn-model")).isEmpty();
    assertThat(repo.artifacts().list("churn-model").toList()).isEmpty();
    // The store: no ref entry of any kind for those artifacts, and no success recorded for train.
    assertThat(keys("refs/artifacts/churn-model/")).isEmpty();
    assertThat(keys("refs/artifacts/train-log/")).isEmpty();
    assertThat(keys("refs/index/artifacts/churn-model")).isEmpty();
    assertThat(keys("refs/pipelines/churn/stages/train/")).isEmpty();
    assertThat(keys("refs/pipelines/churn/stages/prepare/fingerprints/")).hasSize(1);

    // The lineage: the failed run is recorded with its error; skipped stages have no run.
    Run failed = repo.runs().run(train.runId().orElseThrow());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error().orElseThrow()).contains("out of memory at epoch 2");
    assertThat(failed.outputs()).isEmpty();
    assertThat(runsOf(repo, "churn")).extracting(Run::job)
        .containsExactlyInAnyOrder("churn/prepare", "churn/train", "churn/summary");

    // Fixed: train runs, and so do the stages it had blocked; prepare and summary are reused.
    breakTrain.set(false);
    PipelineResult fixed = runner().run(pipeline());
    assertThat(fixed.stagesWith(StageStatus.RAN)).containsExactly("train", "evaluate", "publish");
    assertThat(fixed.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("prepare", "summary");
    assertThat(repo.artifacts().latest("churn-model").orElseThrow().number()).isEqualTo(1);
  }

  @Test
  void aStageThatWritesNothingToAnOutputFailsAndPublishesNothing() {
    Stage lazy = new Stage("lazy", Map.of(), Map.of(), List.of(new StageOutput("a", ArtifactKind.DATASET),
        new StageOutput("b", ArtifactKind.DATASET)), CodeIdentity.version("1"),
        ctx -> write(ctx.output("a").resolve("a.txt"), "a"));
    PipelineResult result = runner().run(new Pipeline("lazy", List.of(lazy)));
    assertThat(result.stage("lazy").status()).isEqualTo(StageStatus.FAILED);
    assertThat(result.stage("lazy").error().orElseThrow())
        .contains("Cannot publish output 'b' of stage 'lazy': the action wrote no file into ctx.output(\"b\")");
    assertThat(repo.artifacts().latest("a")).isEmpty();
    assertThat(keys("refs/artifacts/")).isEmpty();
  }

  @Test
  void aMissingArtifactInputFailsTheRunBeforeAnythingRuns() {
    assertThatThrownBy(() -> runner().run(pipeline()))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessage("Cannot run pipeline 'churn': input 'raw' of stage 'prepare' names 'raw-customers@production',"
            + " input 'raw' of stage 'summary' names 'raw-customers@production', which do not exist in mem:"
            + store.location().getSchemeSpecificPart() + "; register the artifact or fix the reference (nothing ran)");
    assertThat(runsOf(repo, "churn")).isEmpty();
  }

  @Test
  void aMissingLocalInputFailsTheRunBeforeAnythingRuns() {
    Stage read = new Stage("read", inputs("data", StageInput.local(dir.resolve("nope"))), Map.of(), List.of(),
        CodeIdentity.version("1"), ctx -> { });
    assertThatThrownBy(() -> runner().run(new Pipeline("local", List.of(read))))
        .hasMessage("Cannot run pipeline 'local': local input 'data' of stage 'read' is " + dir.resolve("nope")
            + ", which does not exist; create it or fix the path");
  }

  @Test
  void theListenerHearsEveryStageOnce() {
    Fixtures.registerRaw(repo, "raw");
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    PipelineListener listener = new PipelineListener() {
      @Override
      public void stageStarted(String pipeline, String stage, String runId) {
        events.add("started " + stage);
      }

      @Override
      public void stageFinished(String pipeline, StageResult result) {
        events.add("finished " + result.stage() + " " + result.status());
      }

      @Override
      public void stageSkipped(String pipeline, StageResult result) {
        events.add("skipped " + result.stage() + " " + result.status());
      }
    };
    PipelineRunner.on(repo).listener(listener).statCache(dir.resolve("cache")).run(pipeline());
    assertThat(events).containsExactlyInAnyOrder("started prepare", "finished prepare RAN", "started train",
        "finished train FAILED", "skipped evaluate SKIPPED_UPSTREAM_FAILED", "skipped publish SKIPPED_UPSTREAM_FAILED",
        "started summary", "finished summary RAN");
  }

  @Test
  void anExecutorThatRejectsStagesFailsThemWithoutHangingTheRun() {
    Fixtures.registerRaw(repo, "raw");
    java.util.concurrent.Executor rejecting = task -> {
      throw new java.util.concurrent.RejectedExecutionException("pool is shut down");
    };
    PipelineResult result = runner().executor(rejecting).run(pipeline());
    assertThat(result.stagesWith(StageStatus.FAILED)).containsExactly("prepare", "train", "evaluate", "publish", "summary");
    assertThat(result.stage("summary").error().orElseThrow()).startsWith("Cannot run stage 'summary': "
        + "java.util.concurrent.RejectedExecutionException: pool is shut down;");
    assertThat(runsOf(repo, "churn")).isEmpty();
  }
}
