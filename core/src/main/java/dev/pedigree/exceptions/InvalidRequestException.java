package dev.pedigree.exceptions;

/**
 * A request is inconsistent with what is stored or with itself (for example registering a
 * version of a model artifact as a dataset), or an argument is missing or out of range, or a
 * builder was given a setting twice. Nothing changed.
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

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what to do
   * @param cause the underlying failure
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns an argument, or throws this exception if it is {@code null}: the null check of
   * Pedigree's public methods, so that a missing argument is a {@link PedigreeException} like
   * every other bad input.
   *
   * <pre>{@code
   * this.name = InvalidRequestException.requireNonNull(name, "name");
   * }</pre>
   *
   * @param value the argument
   * @param name what the argument is, for the message
   * @param <T> its type
   * @return the argument
   * @throws InvalidRequestException if it is {@code null}
   */
  public static <T> T requireNonNull(T value, String name) {
    if (value == null) {
      throw new InvalidRequestException("Cannot accept a null " + name + ": it is required; pass a value");
    }
    return value;
  }
}
