package dev.pedigree.objects;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * One object as the store holds it, for garbage collection: its digest and the bytes it
 * occupies.
 *
 * @param digest the object's digest
 * @param size the bytes it occupies
 */
public record StoredObject(Digest digest, long size) {
  /**
   * Validates the fields.
   *
   * @throws InvalidRequestException if the digest is missing or the size negative
   */
  public StoredObject {
    if (digest == null || size < 0) {
      throw new InvalidRequestException("Cannot describe a stored object without a digest or with a negative size ("
          + size + "); pass both");
    }
  }
}
