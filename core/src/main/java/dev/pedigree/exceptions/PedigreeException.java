package dev.pedigree.exceptions;

/**
 * Root of every exception Pedigree throws. All are unchecked: callers catch the specific
 * subtype they can act on, and each subtype carries the data needed to act (the missing key,
 * the conflicting ref, the digest that failed verification).
 *
 * <p>Messages follow the form "Cannot &lt;do what&gt;: &lt;why&gt;; &lt;what to do&gt;".
 */
public class PedigreeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, why, and what to do
   */
  public PedigreeException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed, why, and what to do
   * @param cause the underlying failure
   */
  public PedigreeException(String message, Throwable cause) {
    super(message, cause);
  }
}
