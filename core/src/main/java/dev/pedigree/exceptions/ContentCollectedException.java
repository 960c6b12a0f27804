package dev.pedigree.exceptions;

import java.time.Instant;

/**
 * A change would have referred to an object that garbage collection has deleted, or decided
 * to delete, because nothing referred to it when the collection began. Nothing was written.
 * The registry and the run recorder handle this themselves by storing the content again;
 * callers see it only when that failed repeatedly or the content cannot be stored again (a
 * version registered from an object already in the store). The object is gone when this is
 * thrown, so storing the content again is safe at once.
 */
public class ContentCollectedException extends PedigreeException {
  private static final long serialVersionUID = 1L;
  private final String digest;
  private final String collection;
  private final Instant settledBy;

  /**
   * Creates the exception.
   *
   * @param digest the object's digest
   * @param collection the id of the collection run that claimed it
   * @param settledBy the time after which that run deletes nothing more, by its clock
   * @param message what failed and what to do
   */
  public ContentCollectedException(String digest, String collection, Instant settledBy, String message) {
    super(message);
    this.digest = digest;
    this.collection = collection;
    this.settledBy = settledBy;
  }

  /**
   * Returns the object's digest.
   *
   * @return the digest text
   */
  public String digest() {
    return digest;
  }

  /**
   * Returns the id of the collection run that claimed the object.
   *
   * @return the run id
   */
  public String collection() {
    return collection;
  }

  /**
   * Returns the time after which that run deletes nothing more, by its clock.
   *
   * @return the time
   */
  public Instant settledBy() {
    return settledBy;
  }
}
