package dev.pedigree.spark;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * Builds pipeline stage actions that run on Spark.
 *
 * <pre>{@code
 * Pipeline churn = Pipelines.named("churn")
 *     .stage("preprocess").input("raw", "raw-customers@production").output("features", ArtifactKind.DATASET)
 *         .action(SparkStages.spark(ctx -> ctx.output("features", ctx.input("raw", "csv").dropDuplicates())))
 *     .build();
 * }</pre>
 */
public final class SparkStages {
  private SparkStages() {
  }

  /**
   * Types a lambda as a Spark stage action. The action returned is the lambda itself, so the
   * stage's default code identity is the bytecode of the class that declares it, and a change
   * to it runs the stage again.
   *
   * @param action the work, given the session and the inputs as DataFrames
   * @return the same action, for {@code .action(..)}
   */
  public static SparkStageAction spark(SparkStageAction action) {
    return InvalidRequestException.requireNonNull(action, "action");
  }
}
