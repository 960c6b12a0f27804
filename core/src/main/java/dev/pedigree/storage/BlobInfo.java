package dev.pedigree.storage;

import java.util.Objects;

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
   * @throws IllegalArgumentException if the size is negative
   */
  public BlobInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
