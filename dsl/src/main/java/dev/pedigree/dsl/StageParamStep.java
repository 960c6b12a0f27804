package dev.pedigree.dsl;

/**
 * The parameters of a stage: part of its fingerprint, recorded on its run and on the versions
 * it registers, and read by the action with {@code ctx.param(name)}. Then the outputs.
 *
 * <pre>{@code
 * .param("epochs", 20).param("learning_rate", 0.01).param("optimizer", "adam")
 * }</pre>
 */
public interface StageParamStep extends StageOutputStep {
  /**
   * Declares a parameter.
   *
   * <pre>{@code
   * .param("optimizer", "adam")
   * }</pre>
   *
   * @param name the parameter's name
   * @param value its value
   * @return this step, to declare more parameters or go on
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has that parameter
   */
  StageParamStep param(String name, String value);

  /**
   * Declares an integer parameter, kept as its decimal text.
   *
   * <pre>{@code
   * .param("epochs", 20)
   * }</pre>
   *
   * @param name the parameter's name
   * @param value its value
   * @return this step
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has that parameter
   */
  StageParamStep param(String name, long value);

  /**
   * Declares a decimal parameter, kept as {@link Double#toString(double)} text.
   *
   * <pre>{@code
   * .param("learning_rate", 0.01)
   * }</pre>
   *
   * @param name the parameter's name
   * @param value its value
   * @return this step
   * @throws dev.pedigree.exceptions.InvalidRequestException if the stage already has that parameter
   */
  StageParamStep param(String name, double value);
}
