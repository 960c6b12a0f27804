package dev.pedigree.pipeline;

import static dev.pedigree.pipeline.Fixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model checks its own wiring, so core never runs a malformed pipeline whoever built it. */
class PipelineModelTest {
  private static Stage stage(String name, Map<String, StageInput> inputs, String... outputs) {
    return new Stage(name, inputs, Map.of(), java.util.Arrays.stream(outputs)
        .map(o -> new StageOutput(o, ArtifactKind.DATASET)).toList(), CodeIdentity.version("1"), ctx -> { });
  }

  @Test
  void ordersStagesByDependencyKeepingDeclarationOrderOtherwise() {
    Pipeline p = new Pipeline("p", List.of(
        stage("c", inputs("x", StageInput.stageOutput("b", "bo")), "co"),
        stage("a", Map.of(), "ao"),
        stage("b", inputs("x", StageInput.stageOutput("a", "ao")), "bo"),
        stage("d", Map.of(), "do")));
    assertThat(p.topologicalOrder()).extracting(Stage::name).containsExactly("a", "b", "c", "d");
    assertThat(p.upstreamOf(p.stage("c").orElseThrow())).containsExactly("b");
  }

  @Test
  void rejectsACycleNamingIt() {
    assertThatThrownBy(() -> new Pipeline("p", List.of(
        stage("a", inputs("x", StageInput.stageOutput("c", "co")), "ao"),
        stage("b", inputs("x", StageInput.stageOutput("a", "ao")), "bo"),
        stage("c", inputs("x", StageInput.stageOutput("b", "bo")), "co"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build pipeline 'p': its stages form a cycle a -> b -> c -> a; a stage cannot read,"
            + " directly or through other stages, an output it writes");
    assertThatThrownBy(() -> new Pipeline("p", List.of(stage("a", inputs("x", StageInput.stageOutput("a", "ao")), "ao"))))
        .hasMessageContaining("cycle a -> a;");
  }

  @Test
  void rejectsAReferenceToAMissingStageOrOutput() {
    assertThatThrownBy(() -> new Pipeline("p", List.of(stage("b", inputs("x", StageInput.stageOutput("a", "ao")), "bo"))))
        .hasMessage("Cannot build pipeline 'p': input 'x' of stage 'b' reads output 'ao' of stage 'a', but there is no"
            + " stage 'a'; declare that stage or fix the name (stages: [b])");
    assertThatThrownBy(() -> new Pipeline("p", List.of(stage("a", Map.of(), "ao"),
        stage("b", inputs("x", StageInput.stageOutput("a", "zz")), "bo"))))
        .hasMessage("Cannot build pipeline 'p': input 'x' of stage 'b' reads output 'zz' of stage 'a', but that stage"
            + " has no such output; use one of its outputs [ao]");
  }

  @Test
  void rejectsTwoWritersOfOneOutputAndTwoStagesOfOneName() {
    assertThatThrownBy(() -> new Pipeline("p", List.of(stage("a", Map.of(), "o"), stage("b", Map.of(), "o"))))
        .hasMessage("Cannot build pipeline 'p': stages 'a' and 'b' both write output 'o'; each artifact must have one"
            + " producing stage; rename one of the outputs");
    assertThatThrownBy(() -> new Pipeline("p", List.of(stage("a", Map.of(), "o"), stage("a", Map.of(), "q"))))
        .hasMessage("Cannot build pipeline 'p': stage 'a' is declared twice; give each stage its own name");
    assertThatThrownBy(() -> new Pipeline("p", List.of()))
        .hasMessage("Cannot build pipeline 'p': it has no stages; add at least one stage");
  }

  @Test
  void rejectsInvalidNames() {
    assertThatThrownBy(() -> stage("bad name", Map.of()))
        .isInstanceOf(InvalidNameException.class)
        .hasMessage("Cannot use 'bad name' as a stage name: it contains a space at position 3; use up to 64 letters,"
            + " digits, '.', '_' and '-', starting with a letter or digit, such as 'preprocess'");
    assertThatThrownBy(() -> new Pipeline("../p", List.of(stage("a", Map.of()))))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use '../p' as a pipeline name: it contains '/' at position 2");
    assertThatThrownBy(() -> stage("a", Map.of(), "x/y")).isInstanceOf(InvalidNameException.class);
  }
}
