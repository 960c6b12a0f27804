package dev.pedigree.exceptions;

/** A storage key that was read does not exist in the backend. */
public class BlobNotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the missing key
   * @param location where the backend stores its keys, for the message
   */
  public BlobNotFoundException(String key, String location) {
    super("Cannot read key '" + key + "' from " + location
        + ": it does not exist; check the key, or that the repository location is the one that holds it");
    this.key = key;
  }

  /**
   * Returns the key that was not found.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
