package dev.pedigree.exceptions;

/**
 * A directory manifest is malformed: not JSON, truncated, of an unknown format, with entries
 * out of order, duplicated, or naming an unsafe path. Nothing was materialised.
 */
public class InvalidManifestException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do
   */
  public InvalidManifestException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what to do
   * @param cause the parse failure
   */
  public InvalidManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
