package dev.pedigree.dsl;

import dev.pedigree.pipeline.PipelineNames;
import dev.pedigree.pipeline.StageInput;
import java.nio.file.Path;

/**
 * Entry point of the pipeline DSL.
 *
 * <pre>{@code
 * import static dev.pedigree.dsl.Pipelines.stageOutput;
 *
 * Pipeline churn = Pipelines.named("churn")
 *     .stage("preprocess")
 *         .input("raw", "raw-customers@production")
 *         .param("min_tenure", 1)
 *         .output("features", ArtifactKind.DATASET)
 *         .codeVersion("v3")
 *         .action(ctx -> Preprocess.run(ctx.input("raw"), ctx.output("features")))
 *     .stage("train")
 *         .input("features", stageOutput("preprocess", "features"))
 *         .param("epochs", 20)
 *         .output("churn-model", ArtifactKind.MODEL)
 *         .codeFromClass(Train.class)
 *         .action(new Train())
 *     .build();
 *
 * PipelineResult result = PipelineRunner.on(repo).run(churn);   // runners live in core
 * }</pre>
 */
public final class Pipelines {
  private Pipelines() {
  }

  /**
   * Starts a pipeline.
   *
   * <pre>{@code
   * Pipelines.named("churn").stage("preprocess")...
   * }</pre>
   *
   * @param name the pipeline's name: letters, digits, {@code .}, {@code _} and {@code -}, up to
   *     64 characters, starting with a letter or digit
   * @return the step declaring the first stage
   * @throws dev.pedigree.exceptions.InvalidNameException if the name is not valid
   */
  public static PipelineStep named(String name) {
    return new PipelineBuilder(PipelineNames.requireValid(name, "pipeline"));
  }

  /**
   * Refers to another stage's output, for {@code input(name, ...)}.
   *
   * <pre>{@code
   * .input("features", Pipelines.stageOutput("preprocess", "features"))
   * }</pre>
   *
   * @param stage the producing stage
   * @param output its output's name
   * @return the input
   */
  public static StageInput stageOutput(String stage, String output) {
    return StageInput.stageOutput(stage, output);
  }

  /**
   * Refers to a registered artifact version, for {@code input(name, ...)}.
   *
   * <pre>{@code
   * .input("raw", Pipelines.artifact("raw-customers@production"))
   * }</pre>
   *
   * @param reference such as {@code raw-customers@production}
   * @return the input
   */
  public static StageInput artifact(String reference) {
    return StageInput.artifact(reference);
  }

  /**
   * Refers to a local file or directory, for {@code input(name, ...)}.
   *
   * <pre>{@code
   * .input("holdout", Pipelines.local(Path.of("data/holdout")))
   * }</pre>
   *
   * @param path the path
   * @return the input
   */
  public static StageInput local(Path path) {
    return StageInput.local(path);
  }
}
