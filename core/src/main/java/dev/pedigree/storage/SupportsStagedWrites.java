package dev.pedigree.storage;

/**
 * An optional ability of a {@link BlobStore}: write content whose key is not known yet (it is
 * the digest of the content being written) straight into the store, then publish it under its
 * key if absent. With it an ingest is one pass over the bytes — hash and write together —
 * instead of a spool to a temporary file followed by an upload.
 */
public interface SupportsStagedWrites {
  /**
   * Starts a staged write.
   *
   * @return a handle to write into; close it to discard what was not published
   */
  StagedBlob stage();
}
