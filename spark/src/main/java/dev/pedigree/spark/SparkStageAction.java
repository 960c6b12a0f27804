package dev.pedigree.spark;

import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageContext;
import org.apache.spark.sql.SparkSession;

/**
 * The work of a pipeline stage that runs on Spark: it gets the session and its inputs as
 * DataFrames, and hands back its outputs as DataFrames. It is a {@link StageAction}, so any
 * pipeline takes it, the runner skips it when nothing it depends on changed, and its default
 * code identity is the bytecode of the class that declares it (wrap a lambda with
 * {@link SparkStages#spark} so that it is typed as this interface).
 *
 * <pre>{@code
 * .stage("preprocess").input("raw", "raw-customers@production").output("features", ArtifactKind.DATASET)
 *     .action(SparkStages.spark(ctx -> ctx.output("features",
 *         ctx.input("raw", "csv").filter("tenure >= " + ctx.param("min_tenure")))))
 * }</pre>
 *
 * <p>It runs on the active Spark session of the thread, or else the default session
 * ({@link SparkSession#active()}): create the session before running the pipeline.
 */
@FunctionalInterface
public interface SparkStageAction extends StageAction {
  /**
   * Runs the stage on Spark.
   *
   * @param context the session, the inputs as DataFrames, where the outputs go, parameters and metrics
   * @throws Exception anything; the stage then fails and publishes nothing
   */
  void run(SparkStageContext context) throws Exception;

  /**
   * Runs the stage on the active Spark session; called by the pipeline runner.
   *
   * @param context the stage's context
   * @throws Exception what the Spark action throws
   */
  @Override
  default void run(StageContext context) throws Exception {
    run(new SparkStageContext(SparkSession.active(), context));
  }
}
