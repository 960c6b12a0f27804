package dev.pedigree.samples.churn;

import dev.pedigree.exceptions.PedigreeException;

/**
 * The engine chosen for the churn pipeline cannot run here: its classes are not on the class
 * path. The message names the artifact to add.
 */
public final class EngineUnavailableException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, why, and what to add
   * @param cause the failed class lookup
   */
  EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
