package dev.pedigree.artifacts;

import java.util.Objects;

/**
 * An artifact as listed: its name and kind.
 *
 * @param name the name
 * @param kind what it holds
 */
public record ArtifactInfo(String name, ArtifactKind kind) {
  /** Checks for nulls. */
  public ArtifactInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }
}
