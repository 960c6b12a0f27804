package dev.pedigree.exceptions;

/**
 * Stored content does not match the digest it is stored under: a byte changed on disk or in
 * the bucket, or a write was cut short outside Pedigree's control. The content is not
 * returned. Restore the object from a replica or backup, or ingest the original again.
 */
public class IntegrityException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String expectedDigest;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param expectedDigest the digest the content should have, in text form
   * @param key the storage key that held the content
   * @param message what was found and what to do
   */
  public IntegrityException(String expectedDigest, String key, String message) {
    super(message);
    this.expectedDigest = expectedDigest;
    this.key = key;
  }

  /**
   * Returns the digest the content should have had.
   *
   * @return the digest in text form {@code sha256:...}
   */
  public String expectedDigest() {
    return expectedDigest;
  }

  /**
   * Returns the storage key whose content failed verification.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
