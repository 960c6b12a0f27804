package dev.pedigree.exceptions;

/**
 * A name, key, reference or path given by a caller is not valid: empty, too long, containing
 * control characters, {@code ..} segments or an absolute path, or otherwise not of the
 * documented form. Nothing was read or written.
 */
public class InvalidNameException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String value;

  /**
   * Creates the exception.
   *
   * @param value the rejected input, as given (may be {@code null})
   * @param message what was wrong and what to do
   */
  public InvalidNameException(String value, String message) {
    super(message);
    this.value = value;
  }

  /**
   * Returns the rejected input.
   *
   * @return the input as given, possibly {@code null}
   */
  public String value() {
    return value;
  }
}
