package dev.pedigree.exceptions;

/**
 * A storage location could not be opened: no backend handles its URI scheme, two backends
 * claim the same scheme, or the URI lacks something the backend needs.
 */
public class BackendConfigurationException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do
   */
  public BackendConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what to do
   * @param cause the underlying failure
   */
  public BackendConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
