package dev.pedigree.spark;

import dev.pedigree.exceptions.PedigreeException;

/**
 * A Spark job reading or writing a version failed for a reason outside Pedigree (the job's own
 * code, an executor lost for good, a format Spark cannot read). The cause is Spark's exception.
 * A write that fails this way publishes nothing.
 */
public class SparkJobException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, why, and what to do
   * @param cause Spark's exception
   */
  public SparkJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
