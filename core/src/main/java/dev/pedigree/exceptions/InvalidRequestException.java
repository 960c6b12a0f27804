package dev.pedigree.exceptions;

/**
 * A request is inconsistent with what is stored or with itself (for example registering a
 * version of a model artifact as a dataset). Nothing changed.
 */
public class InvalidRequestException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do
   */
  public InvalidRequestException(String message) {
    super(message);
  }
}
