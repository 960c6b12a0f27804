package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * What a backend knows of one stored key.
 *
 * @param key the key
 * @param size the content's size in bytes
 */
public record BlobInfo(BlobKey key, long size) {
  /**
   * Validates the fields.
   *
   * @throws InvalidRequestException if the size is negative
   */
  public BlobInfo {
    InvalidRequestException.requireNonNull(key, "key");
    if (size < 0) {
      throw new InvalidRequestException("size must not be negative: " + size);
    }
  }
}
