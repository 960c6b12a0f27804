package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;

/**
 * A version a stage published, or reused from an earlier run with the same fingerprint.
 *
 * @param name the output's (artifact's) name
 * @param version the version
 * @param digest the digest of its content
 * @param layout whether the content is a file or a directory
 */
public record OutputVersion(String name, VersionId version, Digest digest, ContentLayout layout) {
  /** Checks for nulls. */
  public OutputVersion {
    InvalidRequestException.requireNonNull(name, "name");
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(digest, "digest");
    InvalidRequestException.requireNonNull(layout, "layout");
  }
}
