package dev.pedigree.objects;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * A directory as ingested: the digest of its manifest, which names the whole version, and
 * the manifest itself.
 *
 * @param digest the manifest object's digest
 * @param manifest the manifest
 */
public record DirectorySnapshot(Digest digest, Manifest manifest) {
  /** Checks for nulls. */
  public DirectorySnapshot {
    InvalidRequestException.requireNonNull(digest, "digest");
    InvalidRequestException.requireNonNull(manifest, "manifest");
  }
}
