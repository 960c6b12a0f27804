package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * An artifact as listed: its name and kind.
 *
 * @param name the name
 * @param kind what it holds
 */
public record ArtifactInfo(String name, ArtifactKind kind) {
  /** Checks for nulls. */
  public ArtifactInfo {
    InvalidRequestException.requireNonNull(name, "name");
    InvalidRequestException.requireNonNull(kind, "kind");
  }
}
