package dev.pedigree.exceptions;

/**
 * A storage backend was found unable to keep Pedigree's guarantees, so writes through it are
 * refused: typically an S3- or GCS-compatible server that ignores the create-if-absent condition
 * ({@code If-None-Match: *}, {@code ifGenerationMatch=0}) and overwrites instead, which would let
 * two concurrent writers both "win" the same log entry and lose one's update without a word.
 * The message names the endpoint, what the capability probe saw and what to use instead.
 */
public class UnsafeBackendException extends BackendConfigurationException {
  private static final long serialVersionUID = 1L;

  /** The store, as {@code scheme://bucket/prefix}. */
  private final String store;

  /**
   * Creates the exception.
   *
   * @param store the store, as {@code scheme://bucket/prefix} (never with options)
   * @param message what the probe saw, what it would cost and what to do
   */
  public UnsafeBackendException(String store, String message) {
    super(message);
    this.store = store;
  }

  /**
   * Returns the store that refuses writes.
   *
   * @return the store, as {@code scheme://bucket/prefix}
   */
  public String store() {
    return store;
  }
}
