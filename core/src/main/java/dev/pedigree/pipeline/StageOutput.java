package dev.pedigree.pipeline;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.exceptions.InvalidRequestException;

/**
 * An artifact a stage writes. With layout {@link ContentLayout#DIRECTORY} the action fills a
 * directory named after the output; with {@link ContentLayout#FILE} it writes one file at the
 * path {@code ctx.output(name)}. Once the action has returned, the content is registered as a
 * new version of the artifact. An artifact keeps the layout of its first version, so declare
 * the layout its readers expect: a table read by {@code CsvTables} or a model opened as one
 * file is a {@code FILE} output.
 *
 * <pre>{@code
 * StageOutput features = StageOutput.file("features", ArtifactKind.DATASET);
 * StageOutput report = new StageOutput("churn-report", ArtifactKind.REPORT); // a directory
 * }</pre>
 *
 * @param name the artifact's name, which is also the output's name inside the stage
 * @param kind what the artifact holds
 * @param layout one file, or a directory
 */
public record StageOutput(String name, ArtifactKind kind, ContentLayout layout) {
  /**
   * Validates the name.
   *
   * @throws dev.pedigree.exceptions.InvalidNameException if it is not a valid artifact name
   */
  public StageOutput {
    ArtifactRef.latest(name);
    InvalidRequestException.requireNonNull(kind, "kind");
    InvalidRequestException.requireNonNull(layout, "layout");
  }

  /**
   * A directory output.
   *
   * @param name the artifact's name
   * @param kind what the artifact holds
   */
  public StageOutput(String name, ArtifactKind kind) {
    this(name, kind, ContentLayout.DIRECTORY);
  }

  /**
   * A single-file output: the action writes the file {@code ctx.output(name)}.
   *
   * @param name the artifact's name
   * @param kind what the artifact holds
   * @return the output
   */
  public static StageOutput file(String name, ArtifactKind kind) {
    return new StageOutput(name, kind, ContentLayout.FILE);
  }
}
