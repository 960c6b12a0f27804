package dev.pedigree.serving;

import dev.pedigree.artifacts.ArtifactVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A version an {@link AliasFollower} loaded: the version, the object its loader made, where its
 * content was checked out, and when it was loaded. Immutable; a reader that holds one keeps a
 * consistent view even while the follower switches to another.
 *
 * @param version the version
 * @param model the loaded object
 * @param content the checked-out file or folder
 * @param loadedAt when loading finished
 * @param <M> the loaded object's type
 */
public record LoadedVersion<M>(ArtifactVersion version, M model, Path content, Instant loadedAt) {
  /** Validates the fields. */
  public LoadedVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(loadedAt, "loadedAt");
  }
}
