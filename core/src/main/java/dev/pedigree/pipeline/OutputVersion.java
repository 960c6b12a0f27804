package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.objects.Digest;
import java.util.Objects;

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
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(layout, "layout");
  }
}
