package dev.pedigree.exceptions;

/** An object named by its digest is not in the store. */
public class ObjectNotFoundException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String digest;

  /**
   * Creates the exception.
   *
   * @param digest the missing digest in text form
   * @param location the store that was searched
   */
  public ObjectNotFoundException(String digest, String location) {
    super("Cannot read object " + digest + " from " + location
        + ": it is not stored there; check the digest, or ingest the content first");
    this.digest = digest;
  }

  /**
   * Returns the missing digest.
   *
   * @return the digest in text form
   */
  public String digest() {
    return digest;
  }
}
