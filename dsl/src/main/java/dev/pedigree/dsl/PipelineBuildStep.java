package dev.pedigree.dsl;

import dev.pedigree.pipeline.Pipeline;

/**
 * A pipeline with at least one stage: declare another, or build it.
 *
 * <pre>{@code
 * Pipeline p = Pipelines.named("churn")
 *     .stage("preprocess").output("features", ArtifactKind.DATASET).action(ctx -> prepare(ctx))
 *     .build();
 * }</pre>
 */
public interface PipelineBuildStep extends PipelineStep {
  /**
   * Validates the pipeline and builds it. Fails, with a message naming the problem, on a
   * cycle (for example {@code a -> b -> a}), an input reading a stage or output that does not
   * exist, two stages writing one output, or an invalid name. Artifact inputs such as
   * {@code raw-customers@production} are checked when the pipeline runs, against the
   * repository it runs on: the DSL does not know that repository.
   *
   * <pre>{@code
   * Pipeline p = Pipelines.named("churn").stage("a").action(ctx -> { }).build();
   * }</pre>
   *
   * @return the pipeline
   * @throws dev.pedigree.exceptions.InvalidRequestException if the wiring is wrong
   * @throws dev.pedigree.exceptions.InvalidNameException if a name is invalid
   */
  Pipeline build();
}
