package dev.pedigree.exceptions;

/**
 * A write was sent but its outcome cannot be known (for example a timeout after a conditional
 * create reached the service). The write may or may not have taken effect. Nothing has been
 * cleaned up, because a successful write may still be referenced; read the state again before
 * deciding what to do.
 */
public class OutcomeUnknownException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the storage key whose write has an unknown outcome
   * @param message what happened and what to do
   * @param cause the underlying failure
   */
  public OutcomeUnknownException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * Returns the storage key whose write has an unknown outcome.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
