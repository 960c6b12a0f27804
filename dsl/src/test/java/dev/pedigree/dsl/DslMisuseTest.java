package dev.pedigree.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.pipeline.CodeIdentity;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageInput;
import dev.pedigree.pipeline.StageOutput;
import dev.pedigree.pipeline.StageStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule of the DSL: each misuse is a typed {@link PedigreeException} with an exact message. */
class DslMisuseTest {
  private static final StageAction NOTHING = ctx -> { };

  @TempDir
  Path dir;

  @Test
  void aCompletedStageRejectsAnotherInput() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.action(NOTHING);
    assertThatThrownBy(() -> step.input("raw", "raw-customers"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot add input 'raw' in stage 'a' of pipeline 'p': action(..) already completed the stage;"
            + " declare everything before action(..), and start another stage with stage(..)");
  }

  @Test
  void aCompletedStageRejectsAnotherParameter() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.action(NOTHING);
    assertThatThrownBy(() -> step.param("epochs", 3)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot set parameter 'epochs' in stage 'a' of pipeline 'p': action(..) already");
  }

  @Test
  void aCompletedStageRejectsAnotherOutput() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.action(NOTHING);
    assertThatThrownBy(() -> step.output("m", ArtifactKind.MODEL)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot declare output 'm' in stage 'a' of pipeline 'p': action(..) already");
  }

  @Test
  void aCompletedStageRejectsASecondActionInsteadOfAddingAStageNamedNull() {
    PipelineBuildStep pipeline = Pipelines.named("p").stage("a").action(NOTHING);
    StageInputStep saved = pipeline.stage("b");
    saved.action(NOTHING);
    assertThatThrownBy(() -> saved.action(NOTHING)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot set the action in stage 'b' of pipeline 'p': action(..) already");
    assertThat(pipeline.build().stages()).extracting(s -> s.name()).containsExactly("a", "b");
  }

  @Test
  void aCompletedStageRejectsACodeIdentity() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.action(NOTHING);
    assertThatThrownBy(() -> step.codeVersion("v2")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot set the code version in stage 'a'");
  }

  @Test
  void aSavedStepCannotChangeAFinishedStage() {
    StageParamStep step = Pipelines.named("p").stage("a").param("epochs", 1);
    PipelineBuildStep rest = step.action(NOTHING);
    assertThatThrownBy(() -> step.param("rate", 0.1)).isInstanceOf(InvalidRequestException.class);
    Pipeline built = rest.build();
    assertThat(built.stage("a").orElseThrow().params()).containsOnlyKeys("epochs");
  }

  @Test
  void theStageKeepsCopiesNotTheDeclaredMaps() {
    PipelineBuildStep builder = Pipelines.named("p").stage("a").input("raw", "raw-customers").param("k", "v")
        .output("m", ArtifactKind.MODEL).action(NOTHING);
    Pipeline built = builder.build();
    assertThatThrownBy(() -> built.stage("a").orElseThrow().params().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> built.stage("a").orElseThrow().inputs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> built.stage("a").orElseThrow().outputs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aBuiltPipelineBuilderRejectsAnotherStage() {
    PipelineBuildStep builder = Pipelines.named("p").stage("a").action(NOTHING);
    builder.build();
    assertThatThrownBy(() -> builder.stage("b")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot declare stage 'b' of pipeline 'p': build() already made the pipeline from this builder;"
            + " start a new one with Pipelines.named(..)");
  }

  @Test
  void aBuiltPipelineBuilderRejectsASecondBuild() {
    PipelineBuildStep builder = Pipelines.named("p").stage("a").action(NOTHING);
    builder.build();
    assertThatThrownBy(builder::build).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot build the pipeline again of pipeline 'p': build() already made");
  }

  @Test
  void aStageLeftWithoutActionCannotBeFollowedByAnother() {
    PipelineStep builder = Pipelines.named("p");
    builder.stage("a").input("raw", "raw-customers");
    assertThatThrownBy(() -> builder.stage("b")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot declare stage 'b' in pipeline 'p': stage 'a' has no action yet; finish it with"
            + " .action(..) before declaring the next stage");
  }

  @Test
  void aStageLeftWithoutActionCannotBeBuilt() {
    PipelineBuildStep builder = Pipelines.named("p").stage("a").action(NOTHING);
    builder.stage("b").param("k", "v");
    assertThatThrownBy(builder::build).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build pipeline 'p': stage 'b' has no action; finish it with .action(..) or remove it");
  }

  @Test
  void thePipelineNameIsCheckedWhenGiven() {
    assertThatThrownBy(() -> Pipelines.named("churn model")).isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use 'churn model' as a pipeline name: it contains a space at position 5");
  }

  @Test
  void aNullPipelineNameIsATypedError() {
    assertThatThrownBy(() -> Pipelines.named(null)).isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use 'null' as a pipeline name: it is null");
  }

  @Test
  void theStageNameIsCheckedWhenGiven() {
    PipelineStep builder = Pipelines.named("p");
    assertThatThrownBy(() -> builder.stage("-train")).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("as a stage name");
  }

  @Test
  void theInputNameIsCheckedWhenGiven() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.input("raw data", "raw-customers")).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("as an input name").hasMessageContaining("a space");
  }

  @Test
  void theParameterNameIsCheckedWhenGiven() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.param("min tenure", 1)).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("as a parameter name");
  }

  @Test
  void theOutputNameIsCheckedWhenGiven() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.output("churn model", ArtifactKind.MODEL)).isInstanceOf(InvalidNameException.class);
  }

  @Test
  void aNullKindIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.output("m", null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot declare output 'm' of stage 'a': the kind is null; pass a kind");
  }

  @Test
  void aNullActionIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.action(null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the action of stage 'a': the action is null; pass a action");
  }

  @Test
  void aNullParameterValueIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.param("k", (String) null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set parameter 'k' of stage 'a': the value is null; pass a value");
  }

  @Test
  void aNullInputSourceIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.input("raw", (StageInput) null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> step.input("raw", (Path) null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> step.input("raw", (String) null)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aNonFiniteParameterIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    assertThatThrownBy(() -> step.param("rate", Double.NaN)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set parameter 'rate' of stage 'a' to NaN: it is not a finite number; pass a finite value"
            + " or a string");
  }

  @Test
  void aCodeIdentityGivenTwiceIsATypedError() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.codeVersion("v1");
    assertThatThrownBy(() -> step.codeVersion("v2")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot set the code identity of stage 'a' in pipeline 'p': it was already set to");
  }

  @Test
  void aFileAndADirectoryOutputOfOneNameAreTwice() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.outputFile("features", ArtifactKind.DATASET);
    assertThatThrownBy(() -> step.output("features", ArtifactKind.DATASET))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already set to DATASET FILE");
  }

  @Test
  void everyMisuseIsAPedigreeException() {
    StageInputStep step = Pipelines.named("p").stage("a");
    step.action(NOTHING);
    assertThatThrownBy(() -> step.input("x", "y")).isInstanceOf(PedigreeException.class);
    assertThatThrownBy(() -> Pipelines.named("")).isInstanceOf(PedigreeException.class);
  }

  @Test
  void aFileOutputIsRegisteredAsOneFileThatReadersOpenDirectly() throws Exception {
    Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    Pipeline pipeline = Pipelines.named("tables")
        .stage("export")
            .outputFile("customers", ArtifactKind.DATASET)
            .codeVersion("v1")
            .action(ctx -> Files.writeString(ctx.output("customers"), "customer_id,plan\n1,basic\n"))
        .stage("count")
            .input("customers", Pipelines.stageOutput("export", "customers"))
            .outputFile("row-count", ArtifactKind.REPORT)
            .codeVersion("v1")
            .action(ctx -> Files.writeString(ctx.output("row-count"),
                Integer.toString(Files.readAllLines(ctx.input("customers")).size() - 1)))
        .build();
    assertThat(pipeline.stage("export").orElseThrow().outputs())
        .containsExactly(StageOutput.file("customers", ArtifactKind.DATASET));

    PipelineResult result = PipelineRunner.on(repo).workDirectory(dir.resolve("work")).run(pipeline);

    assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("export", "count");
    ArtifactVersion customers = repo.artifacts().resolve("customers");
    assertThat(customers.layout()).isEqualTo(ContentLayout.FILE);
    try (InputStream in = repo.artifacts().open(customers)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("customer_id,plan\n1,basic\n");
    }
    try (InputStream in = repo.artifacts().open(repo.artifacts().resolve("row-count"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1");
    }
  }

  @Test
  void aFileOutputThatWasNotWrittenFailsTheStageAndPublishesNothing() {
    Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    Pipeline pipeline = Pipelines.named("tables").stage("export").outputFile("customers", ArtifactKind.DATASET)
        .codeVersion("v1").action(ctx -> Files.createDirectories(ctx.output("customers"))).build();

    PipelineResult result = PipelineRunner.on(repo).workDirectory(dir.resolve("work")).run(pipeline);

    assertThat(result.stage("export").status()).isEqualTo(StageStatus.FAILED);
    assertThat(result.stage("export").error().orElseThrow()).contains("Cannot publish file output 'customers' of"
        + " stage 'export': the action wrote no regular file at ctx.output(\"customers\")");
    assertThat(repo.artifacts().latest("customers")).isEmpty();
  }

  @Test
  void turningADirectoryOutputIntoAFileOutputReRunsTheStageAndIsRefusedByTheArtifactsLayout() {
    Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    CodeIdentity v1 = CodeIdentity.version("v1");
    Pipeline asDirectory = Pipelines.named("p").stage("a").output("m", ArtifactKind.MODEL).code(v1)
        .action(ctx -> Files.writeString(ctx.output("m").resolve("model.bin"), "w")).build();
    Pipeline asFile = Pipelines.named("p").stage("a").outputFile("m", ArtifactKind.MODEL).code(v1)
        .action(ctx -> Files.writeString(ctx.output("m"), "w")).build();
    PipelineRunner.on(repo).workDirectory(dir.resolve("work")).run(asDirectory);

    PipelineResult second = PipelineRunner.on(repo).workDirectory(dir.resolve("work")).run(asFile);

    assertThat(second.stage("a").status()).as("the layout is part of the fingerprint").isEqualTo(StageStatus.FAILED);
    assertThat(second.stage("a").error().orElseThrow()).contains("Cannot register a single file as a version of 'm':"
        + " its versions are directories (layout DIRECTORY, fixed by its first version)");
    assertThat(repo.artifacts().latest("m").orElseThrow().number()).isEqualTo(1);
  }
}
