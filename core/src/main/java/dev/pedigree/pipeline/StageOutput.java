package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.exceptions.InvalidRequestException;

/**
 * An artifact a stage writes: the stage's action fills a directory named after it, and once the
 * action has returned, the directory is registered as a new version of the artifact.
 *
 * <pre>{@code
 * StageOutput features = new StageOutput("features", ArtifactKind.DATASET);
 * }</pre>
 *
 * @param name the artifact's name, which is also the output's name inside the stage
 * @param kind what the artifact holds
 */
public record StageOutput(String name, ArtifactKind kind) {
  /**
   * Validates the name.
   *
   * @throws dev.pedigree.exceptions.InvalidNameException if it is not a valid artifact name
   */
  public StageOutput {
    ArtifactRef.latest(name);
    InvalidRequestException.requireNonNull(kind, "kind");
  }
}
