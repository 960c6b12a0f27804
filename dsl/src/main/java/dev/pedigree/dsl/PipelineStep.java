package dev.pedigree.dsl;

/**
 * The start of a pipeline: declare its first stage.
 *
 * <pre>{@code
 * Pipelines.named("churn").stage("preprocess")...
 * }</pre>
 */
public interface PipelineStep {
  /**
   * Declares a stage. Its name must be unique in the pipeline: letters, digits, {@code .},
   * {@code _} and {@code -}, up to 64 characters.
   *
   * <pre>{@code
   * .stage("train").input("features", Pipelines.stageOutput("preprocess", "features"))
   * }</pre>
   *
   * @param name the stage's name
   * @return the step declaring its inputs
   * @throws dev.pedigree.exceptions.InvalidRequestException if a stage of that name was already declared
   */
  StageInputStep stage(String name);
}
