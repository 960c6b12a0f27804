package dev.pedigree.dsl;

import dev.pedigree.pipeline.StageAction;

/**
 * The last step of a stage: the action that does its work.
 *
 * <pre>{@code
 * .action(ctx -> {
 *   Path features = ctx.input("features");
 *   Files.copy(features.resolve("f.csv"), ctx.output("churn-model").resolve("model.bin"));
 *   ctx.metric("auc", 0.91);
 * })
 * }</pre>
 */
public interface StageActionStep {
  /**
   * Sets the stage's action. If no code identity was given, the bytecode of the action's
   * class is used (for a lambda, the class that declares it; see
   * {@link dev.pedigree.pipeline.CodeIdentity#ofClass}).
   *
   * <pre>{@code
   * .action(new Train())
   * }</pre>
   *
   * @param action the work
   * @return the pipeline, to declare another stage or build it
   */
  PipelineBuildStep action(StageAction action);
}
