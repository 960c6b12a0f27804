package dev.pedigree.objects;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Remembers the digest of local files by their metadata (size, modification time, file key),
 * as git's index does, so a directory that did not change is not hashed again. A cache must
 * never answer for a file whose metadata changed; losing the cache only costs a re-hash.
 */
public interface FileDigestCache {
  /**
   * Returns the digest recorded for a file whose metadata is exactly the given, if any.
   *
   * @param file the file
   * @param attributes its current metadata
   * @return the digest, or empty when unknown or when the metadata differs
   */
  Optional<Digest> lookup(Path file, BasicFileAttributes attributes);

  /**
   * Records a file's digest together with the metadata it had when it was hashed.
   *
   * @param file the file
   * @param attributes its metadata, read before hashing
   * @param digest its digest
   */
  void record(Path file, BasicFileAttributes attributes, Digest digest);

  /** A cache that knows nothing: every file is hashed. */
  FileDigestCache NONE = new FileDigestCache() {
    @Override
    public Optional<Digest> lookup(Path file, BasicFileAttributes attributes) {
      return Optional.empty();
    }

    @Override
    public void record(Path file, BasicFileAttributes attributes, Digest digest) {
    }
  };
}
