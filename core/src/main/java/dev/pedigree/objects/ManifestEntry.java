package dev.pedigree.objects;

import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.SafePaths;

/**
 * One file of a directory manifest.
 *
 * @param path the file's path relative to the directory, {@code /}-separated, never absolute
 *     and never with {@code .} or {@code ..} segments
 * @param digest the digest of the file's content
 * @param size the file's size in bytes
 * @param executable whether the file is executable by its owner
 */
public record ManifestEntry(String path, Digest digest, long size, boolean executable) {
  /**
   * Validates the entry.
   *
   * @throws InvalidManifestException if the path is unsafe or the size negative
   */
  public ManifestEntry {
    InvalidRequestException.requireNonNull(digest, "digest");
    String problem = SafePaths.relativePathProblem(path);
    if (problem != null) {
      throw new InvalidManifestException("Cannot accept manifest entry '" + path + "': " + problem
          + "; manifest paths are relative, '/'-separated and stay inside the directory");
    }
    if (size < 0) {
      throw new InvalidManifestException("Cannot accept manifest entry '" + path + "': its size " + size
          + " is negative; the manifest is corrupt, ingest the directory again");
    }
  }
}
