package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;

/**
 * One version of one artifact, written {@code name:number}, such as {@code churn-model:7}.
 *
 * @param artifact the artifact's name
 * @param number the version number, from 1
 */
public record VersionId(String artifact, int number) implements Comparable<VersionId> {
  /**
   * Validates the fields.
   *
   * @throws InvalidNameException if the name is invalid or the number below 1
   */
  public VersionId {
    ArtifactNames.requireValid(artifact, "artifact");
    if (number < 1) {
      throw new InvalidNameException(artifact + ":" + number, "Cannot use version " + number + " of '" + artifact
          + "': version numbers start at 1");
    }
  }

  /**
   * Parses {@code name:number}.
   *
   * @param text the text
   * @return the id
   * @throws InvalidNameException if the text is not of that form
   */
  public static VersionId parse(String text) {
    InvalidRequestException.requireNonNull(text, "text");
    ArtifactRef ref = ArtifactRef.parse(text);
    if (ref.version().isEmpty()) {
      throw new InvalidNameException(text, "Cannot parse '" + text + "' as a version id: it needs a version number,"
          + " as in 'churn-model:7'");
    }
    return new VersionId(ref.artifact(), ref.version().getAsInt());
  }

  @Override
  public int compareTo(VersionId other) {
    int byName = artifact.compareTo(other.artifact);
    return byName != 0 ? byName : Integer.compare(number, other.number);
  }

  @Override
  public String toString() {
    return artifact + ":" + number;
  }
}
