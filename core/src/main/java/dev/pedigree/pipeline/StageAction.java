package dev.pedigree.pipeline;

/**
 * The work of a stage: read the inputs, write the outputs, log metrics. It may throw anything;
 * the stage is then recorded as failed and publishes nothing.
 *
 * <pre>{@code
 * StageAction train = ctx -> {
 *   Path features = ctx.input("features");
 *   int epochs = Integer.parseInt(ctx.param("epochs"));
 *   double auc = Trainer.fit(features, epochs, ctx.output("churn-model").resolve("model.bin"));
 *   ctx.metric("auc", auc);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface StageAction {
  /**
   * Runs the stage.
   *
   * @param context the stage's inputs, output directories, parameters, metrics and logger
   * @throws Exception anything; the stage then fails
   */
  void run(StageContext context) throws Exception;
}
