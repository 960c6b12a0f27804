package dev.pedigree.exceptions;

/**
 * A storage backend failed to carry out an operation (an I/O error, a refused request, a
 * service error). The operation did not take effect, unless the subtype
 * {@link OutcomeUnknownException} says its outcome cannot be known.
 */
public class StorageException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, why, and what to do
   * @param cause the underlying failure, or {@code null}
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what failed, why, and what to do
   */
  public StorageException(String message) {
    super(message);
  }
}
