package dev.pedigree.dsl;

import static dev.pedigree.dsl.Pipelines.stageOutput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.Run;
import dev.pedigree.pipeline.CodeIdentity;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.Stage;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageContext;
import dev.pedigree.pipeline.StageInput;
import dev.pedigree.pipeline.StageStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinesTest {
  @TempDir
  Path dir;

  /** A stage action as a class, identified by its bytecode. */
  static final class Train implements StageAction {
    @Override
    public void run(StageContext ctx) throws Exception {
      String features = Files.readString(ctx.input("features").resolve("features.csv"));
      Files.writeString(ctx.output("churn-model").resolve("model.bin"), "model of " + features.length() + " chars, "
          + ctx.param("epochs") + " epochs");
      ctx.metric("auc", 0.91);
    }
  }

  private static final StageAction NOTHING = ctx -> { };

  @Test
  void buildsThePlainCoreModel() {
    Path holdout = dir.resolve("holdout.csv");
    Pipeline p = Pipelines.named("churn")
        .stage("preprocess").input("raw", "raw-customers@production").param("min_tenure", 1)
            .output("features", ArtifactKind.DATASET).codeVersion("v3").action(NOTHING)
        .stage("train").input("features", stageOutput("preprocess", "features")).param("epochs", 20)
            .param("rate", 0.5).output("churn-model", ArtifactKind.MODEL).codeFromClass(Train.class).action(new Train())
        .stage("evaluate").input("model", stageOutput("train", "churn-model")).input("holdout", holdout)
            .action(NOTHING)
        .build();
    assertThat(p.name()).isEqualTo("churn");
    assertThat(p.stages()).extracting(Stage::name).containsExactly("preprocess", "train", "evaluate");
    Stage train = p.stage("train").orElseThrow();
    assertThat(train.params()).containsExactly(java.util.Map.entry("epochs", "20"), java.util.Map.entry("rate", "0.5"));
    assertThat(train.code()).isEqualTo(CodeIdentity.ofClass(Train.class));
    assertThat(p.stage("preprocess").orElseThrow().inputs().get("raw")).isEqualTo(StageInput.artifact("raw-customers@production"));
    assertThat(p.stage("evaluate").orElseThrow().inputs().get("holdout")).isEqualTo(StageInput.local(holdout));
    assertThat(p.stage("evaluate").orElseThrow().code()).as("default: the bytecode of the lambda's declaring class")
        .isEqualTo(CodeIdentity.ofClass(PipelinesTest.class));
  }

  @Test
  void rejectsACycleNamingIt() {
    assertThatThrownBy(() -> Pipelines.named("loop")
        .stage("a").input("in", stageOutput("b", "b-out")).output("a-out", ArtifactKind.DATASET).action(NOTHING)
        .stage("b").input("in", stageOutput("a", "a-out")).output("b-out", ArtifactKind.DATASET).action(NOTHING)
        .build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build pipeline 'loop': its stages form a cycle a -> b -> a; a stage cannot read,"
            + " directly or through other stages, an output it writes");
  }

  @Test
  void rejectsAnInputNoStageProvides() {
    assertThatThrownBy(() -> Pipelines.named("churn")
        .stage("train").input("features", stageOutput("prepare", "features")).action(NOTHING)
        .build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build pipeline 'churn': input 'features' of stage 'train' reads output 'features' of stage"
            + " 'prepare', but there is no stage 'prepare'; declare that stage or fix the name (stages: [train])");
    assertThatThrownBy(() -> Pipelines.named("churn")
        .stage("prepare").output("features", ArtifactKind.DATASET).action(NOTHING)
        .stage("train").input("features", stageOutput("prepare", "feature")).action(NOTHING)
        .build())
        .hasMessage("Cannot build pipeline 'churn': input 'features' of stage 'train' reads output 'feature' of stage"
            + " 'prepare', but that stage has no such output; use one of its outputs [features]");
  }

  @Test
  void rejectsTwoStagesWritingOneOutput() {
    assertThatThrownBy(() -> Pipelines.named("churn")
        .stage("a").output("features", ArtifactKind.DATASET).action(NOTHING)
        .stage("b").output("features", ArtifactKind.DATASET).action(NOTHING)
        .build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build pipeline 'churn': stages 'a' and 'b' both write output 'features'; each artifact"
            + " must have one producing stage; rename one of the outputs");
  }

  @Test
  void rejectsInvalidNames() {
    assertThatThrownBy(() -> Pipelines.named("churn").stage("pre process").action(NOTHING).build())
        .isInstanceOf(InvalidNameException.class)
        .hasMessage("Cannot use 'pre process' as a stage name: it contains a space at position 3; use up to 64 letters,"
            + " digits, '.', '_' and '-', starting with a letter or digit, such as 'preprocess'");
    assertThatThrownBy(() -> Pipelines.named("churn/v2").stage("a").action(NOTHING).build())
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use 'churn/v2' as a pipeline name: it contains '/' at position 5;");
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").input("-x", "raw").action(NOTHING).build())
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use '-x' as an input name: the segment '-x' does not start with a letter or digit;");
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").input("raw", "raw@@prod"))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void rejectsASettingGivenTwice() {
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").input("raw", "raw-customers@production")
        .input("raw", "raw-customers:2"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set input 'raw' of stage 'a' in pipeline 'churn': it was already set to"
            + " raw-customers@production; declare each input, parameter, output and code identity once");
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").param("epochs", 20).param("epochs", 30))
        .hasMessage("Cannot set parameter 'epochs' of stage 'a' in pipeline 'churn': it was already set to '20';"
            + " declare each input, parameter, output and code identity once");
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").output("m", ArtifactKind.MODEL)
        .output("m", ArtifactKind.DATASET))
        .hasMessage("Cannot set output 'm' of stage 'a' in pipeline 'churn': it was already set to MODEL DIRECTORY;"
            + " declare each input, parameter, output and code identity once");
    assertThatThrownBy(() -> Pipelines.named("churn").stage("a").action(NOTHING).stage("a"))
        .hasMessage("Cannot add stage 'a' to pipeline 'churn': a stage of that name was already declared;"
            + " give each stage its own name");
  }

  @Test
  void theReadmePipelineRunsAndThenSkipsEverything() throws Exception {
    Repository repo = Repository.builder(new MemoryBlobStore()).actor("readme").build();
    var raw = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes("id,tenure\n1,3\n2,0\n3,7\n".getBytes(StandardCharsets.UTF_8)).build());
    repo.artifacts().moveAlias("raw-customers", "production", raw.number(), "initial load");
    Path holdout = dir.resolve("holdout.csv");
    Files.writeString(holdout, "id,churned\n4,1\n");

    Pipeline churn = Pipelines.named("churn")
        .stage("preprocess")
            .input("raw", "raw-customers@production")
            .param("min_tenure", 1)
            .output("features", ArtifactKind.DATASET)
            .codeVersion("v3")
            .action(ctx -> {
              int min = Integer.parseInt(ctx.param("min_tenure"));
              List<String> rows = Files.readAllLines(ctx.input("raw")).stream().skip(1)
                  .filter(r -> Integer.parseInt(r.split(",")[1]) >= min).toList();
              Files.write(ctx.output("features").resolve("features.csv"), rows);
              ctx.metric("rows", rows.size());
            })
        .stage("train")
            .input("features", stageOutput("preprocess", "features"))
            .param("epochs", 20)
            .output("churn-model", ArtifactKind.MODEL)
            .codeFromClass(Train.class)
            .action(new Train())
        .stage("evaluate")
            .input("model", stageOutput("train", "churn-model"))
            .input("holdout", holdout)
            .output("churn-report", ArtifactKind.REPORT)
            .action(ctx -> Files.writeString(ctx.output("churn-report").resolve("report.md"),
                "# Churn model\n" + Files.readString(ctx.input("model").resolve("model.bin"))))
        .build();

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      PipelineResult first = PipelineRunner.on(repo).executor(pool).statCache(dir.resolve("stat-cache")).run(churn);
      assertThat(first.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate");
      var report = repo.artifacts().resolve("churn-report");
      Path out = dir.resolve("out");
      repo.artifacts().checkout(report, out);
      assertThat(Files.readString(out.resolve("report.md"))).isEqualTo("# Churn model\nmodel of 8 chars, 20 epochs");
      Run train = repo.runs().run(first.stage("train").runId().orElseThrow());
      assertThat(train.metrics()).containsEntry("auc", 0.91);
      assertThat(train.code().version().orElseThrow()).startsWith("class " + Train.class.getName());

      PipelineResult second = PipelineRunner.on(repo).executor(pool).statCache(dir.resolve("stat-cache")).run(churn);
      assertThat(second.stagesWith(StageStatus.SKIPPED_UNCHANGED)).containsExactly("preprocess", "train", "evaluate");
    } finally {
      pool.shutdownNow();
    }
  }
}
