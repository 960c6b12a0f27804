package dev.pedigree.objects;

import java.util.Objects;

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
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(manifest, "manifest");
  }
}
