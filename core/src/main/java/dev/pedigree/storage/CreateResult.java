package dev.pedigree.storage;

/** The outcome of {@link BlobStore#createIfAbsent}: the only two a conditional create can have. */
public enum CreateResult {
  /** The key did not exist; this call created it with the given content. */
  CREATED,
  /** The key already existed; nothing was written and the existing content is untouched. */
  ALREADY_EXISTS;

  /**
   * Returns whether this call created the key.
   *
   * @return {@code true} for {@link #CREATED}
   */
  public boolean created() {
    return this == CREATED;
  }
}
