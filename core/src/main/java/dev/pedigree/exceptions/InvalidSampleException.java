package dev.pedigree.exceptions;

/**
 * A statistic was asked of a sample it is not defined for: empty, too small, or holding NaN
 * or an infinite value. The message names the sample and what to do.
 */
public class InvalidSampleException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final String sample;

  /**
   * Creates the exception.
   *
   * @param sample which sample was refused, such as {@code "baseline"} or {@code "candidate"}
   * @param message what failed, why, and what to do
   */
  public InvalidSampleException(String sample, String message) {
    super(message);
    this.sample = sample;
  }

  /**
   * Returns which sample was refused.
   *
   * @return such as {@code "baseline"}
   */
  public String sample() {
    return sample;
  }
}
