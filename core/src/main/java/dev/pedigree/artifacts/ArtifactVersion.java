package dev.pedigree.artifacts;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One registered, immutable version of an artifact: its content and what is known of it.
 * Only its tags can change afterwards, and each change is recorded.
 *
 * @param id the artifact and version number
 * @param kind what the artifact holds
 * @param content the digest of the content (the file's, or the directory manifest's)
 * @param layout whether the content is a file or a directory
 * @param size the content's size in bytes (for a directory, the sum of its files)
 * @param params parameters that produced it
 * @param metrics named measurements of it
 * @param tags labels; the current ones when read through the registry
 * @param description words for people
 * @param createdAt when it was registered
 * @param createdBy who registered it
 * @param producedBy the id of the run that produced it, when one did
 * @param recordDigest the digest of the stored version record
 */
public record ArtifactVersion(VersionId id, ArtifactKind kind, Digest content, ContentLayout layout, long size,
    Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags, String description,
    Instant createdAt, String createdBy, Optional<String> producedBy, Digest recordDigest) {
  /** Validates and copies the fields. */
  public ArtifactVersion {
    InvalidRequestException.requireNonNull(id, "id");
    InvalidRequestException.requireNonNull(kind, "kind");
    InvalidRequestException.requireNonNull(content, "content");
    InvalidRequestException.requireNonNull(layout, "layout");
    if (size < 0) {
      throw new CorruptRecordException(String.valueOf(recordDigest), "Cannot accept version " + id + ": its size "
          + size + " is negative; the version record is corrupt or forged, run repo.verify() and restore it from a "
          + "trusted copy", null);
    }
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    tags = Map.copyOf(tags);
    InvalidRequestException.requireNonNull(description, "description");
    InvalidRequestException.requireNonNull(createdAt, "createdAt");
    InvalidRequestException.requireNonNull(createdBy, "createdBy");
    InvalidRequestException.requireNonNull(producedBy, "producedBy");
    InvalidRequestException.requireNonNull(recordDigest, "recordDigest");
  }

  /**
   * Returns the artifact's name.
   *
   * @return the name
   */
  public String artifact() {
    return id.artifact();
  }

  /**
   * Returns the version number.
   *
   * @return the number, from 1
   */
  public int number() {
    return id.number();
  }

  /**
   * Returns a metric.
   *
   * @param name the metric's name
   * @return its value, or empty when not recorded
   */
  public OptionalDouble metric(String name) {
    Double value = metrics.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * Returns this version with other tags, as the registry reports current tags.
   *
   * @param currentTags the tags
   * @return a copy
   */
  public ArtifactVersion withTags(Map<String, String> currentTags) {
    return new ArtifactVersion(id, kind, content, layout, size, params, metrics, currentTags, description, createdAt,
        createdBy, producedBy, recordDigest);
  }

  @Override
  public String toString() {
    return id + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + content.shortHex() + ")";
  }
}
