package dev.pedigree.dsl;

import dev.pedigree.artifacts.ArtifactKind;

/**
 * The outputs of a stage: artifacts it registers, one new version each time it runs. Then
 * the code identity, or directly the action.
 *
 * <pre>{@code
 * .output("churn-model", ArtifactKind.MODEL).output("train-log", ArtifactKind.REPORT)
 * }</pre>
 */
public interface StageOutputStep extends StageCodeStep {
  /**
   * Declares an output: the action fills {@code ctx.output(name)}, which is registered as a
   * new version of artifact {@code name} after the action returns.
   *
   * <pre>{@code
   * .output("features", ArtifactKind.DATASET)
   * }</pre>
   *
   * @param name the artifact's name
   * @param kind what it holds
   * @return this step, to declare more outputs or go on
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already declares that output
   */
  StageOutputStep output(String name, ArtifactKind kind);

  /**
   * Declares a single-file output: the action writes one file at {@code ctx.output(name)},
   * registered as a new file version of artifact {@code name} after the action returns. Use it
   * for what readers open as one file, such as a CSV table that {@code CsvTables} or a
   * {@code DataQualityCheck} reads, or a model a service loads.
   *
   * <pre>{@code
   * .outputFile("features", ArtifactKind.DATASET)
   * .action(ctx -> Files.write(ctx.output("features"), rows))
   * }</pre>
   *
   * @param name the artifact's name
   * @param kind what it holds
   * @return this step, to declare more outputs or go on
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already declares that output
   */
  StageOutputStep outputFile(String name, ArtifactKind kind);
}
