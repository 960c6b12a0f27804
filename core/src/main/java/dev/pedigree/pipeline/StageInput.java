package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Names;
import java.nio.file.Path;

/**
 * What a stage reads: a version of a registered artifact, the output of another stage of the
 * same pipeline, or a local file or directory.
 *
 * <pre>{@code
 * StageInput raw = StageInput.artifact("raw-customers@production");
 * StageInput features = StageInput.stageOutput("preprocess", "features");
 * StageInput local = StageInput.local(Path.of("data/customers"));
 * }</pre>
 */
public sealed interface StageInput permits StageInput.Artifact, StageInput.FromStage, StageInput.Local {
  /**
   * Reads a registered artifact version, resolved once when the pipeline run starts.
   *
   * @param reference such as {@code raw-customers@production}, {@code raw-customers:3} or
   *     {@code raw-customers} (the latest)
   * @return the input
   */
  static StageInput artifact(String reference) {
    return new Artifact(ArtifactRef.parse(reference));
  }

  /**
   * Reads an output of another stage of the same pipeline, which therefore runs first.
   *
   * @param stage the producing stage
   * @param output the name of its output
   * @return the input
   */
  static StageInput stageOutput(String stage, String output) {
    return new FromStage(stage, output);
  }

  /**
   * Reads a local file or directory, as it is when the stage runs. Whether it changed is
   * decided from file metadata through the runner's stat cache.
   *
   * @param path the file or directory
   * @return the input
   */
  static StageInput local(Path path) {
    return new Local(path);
  }

  /**
   * A registered artifact version.
   *
   * @param ref the reference
   */
  record Artifact(ArtifactRef ref) implements StageInput {
    /** Checks for null. */
    public Artifact {
      InvalidRequestException.requireNonNull(ref, "ref");
    }

    @Override
    public String toString() {
      return ref.toString();
    }
  }

  /**
   * An output of another stage.
   *
   * @param stage the producing stage's name
   * @param output the output's name
   */
  record FromStage(String stage, String output) implements StageInput {
    /**
     * Validates the names.
     *
     * @throws dev.pedigree.exceptions.InvalidNameException if a name is invalid
     */
    public FromStage {
      PipelineNames.requireValid(stage, "stage");
      ArtifactRef.latest(output);
    }

    @Override
    public String toString() {
      return "output '" + output + "' of stage '" + stage + "'";
    }
  }

  /**
   * A local file or directory.
   *
   * @param path the path, made absolute
   */
  record Local(Path path) implements StageInput {
    /** Makes the path absolute and normal. */
    public Local {
      path = InvalidRequestException.requireNonNull(path, "path").toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
      return "local " + Names.printable(path.toString());
    }
  }
}
