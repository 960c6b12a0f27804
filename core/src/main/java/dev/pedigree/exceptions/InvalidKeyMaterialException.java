package dev.pedigree.exceptions;

/**
 * A key could not be loaded or used: unreadable PEM, an unsupported algorithm, a wrong password.
 */
public class InvalidKeyMaterialException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, why, and what to do
   */
  public InvalidKeyMaterialException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed, why, and what to do
   * @param cause the underlying failure
   */
  public InvalidKeyMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
