package dev.pedigree.dsl;

import dev.pedigree.pipeline.StageInput;
import java.nio.file.Path;

/**
 * The inputs of a stage: registered artifacts, other stages' outputs, local files or
 * directories. Then parameters, outputs, code identity and action.
 *
 * <pre>{@code
 * .stage("train")
 *     .input("features", Pipelines.stageOutput("preprocess", "features"))
 *     .input("holdout", Path.of("data/holdout.csv"))
 *     .input("baseline", "churn-model@production")
 * }</pre>
 */
public interface StageInputStep extends StageParamStep {
  /**
   * Declares an input read from a registered artifact, resolved once when the run starts.
   *
   * <pre>{@code
   * .input("raw", "raw-customers@production")
   * }</pre>
   *
   * @param name the input's name in this stage, read with {@code ctx.input(name)}
   * @param artifactReference such as {@code raw-customers@production}, {@code raw-customers:3}
   *     or {@code raw-customers}
   * @return this step, to declare more inputs or go on
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has an input of that name
   * @throws dev.pedigree.exceptions.InvalidNameException if the reference is malformed
   */
  StageInputStep input(String name, String artifactReference);

  /**
   * Declares an input: another stage's output, an artifact, or a local path.
   *
   * <pre>{@code
   * .input("features", Pipelines.stageOutput("preprocess", "features"))
   * }</pre>
   *
   * @param name the input's name in this stage
   * @param input what it reads
   * @return this step
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has an input of that name
   */
  StageInputStep input(String name, StageInput input);

  /**
   * Declares an input read from a local file or directory, decided unchanged from file
   * metadata through the runner's stat cache.
   *
   * <pre>{@code
   * .input("holdout", Path.of("data/holdout"))
   * }</pre>
   *
   * @param name the input's name in this stage
   * @param localPath the file or directory
   * @return this step
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has an input of that name
   */
  StageInputStep input(String name, Path localPath);
}
