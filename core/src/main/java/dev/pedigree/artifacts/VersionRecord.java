package dev.pedigree.artifacts;

import dev.pedigree.objects.Digest;
import java.time.Instant;
import java.util.Map;

/** The stored, immutable form of a version (an object in the object store). */
record VersionRecord(String format, String artifact, int number, ArtifactKind kind, Digest content, ContentLayout layout,
    long size, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags, String description,
    Instant createdAt, String createdBy, String producedBy) {
  static final String FORMAT = "pedigree.version/1";

  ArtifactVersion toVersion(Digest recordDigest, Map<String, String> currentTags) {
    return new ArtifactVersion(new VersionId(artifact, number), kind, content, layout, size,
        params == null ? Map.of() : params, metrics == null ? Map.of() : metrics,
        currentTags, description == null ? "" : description, createdAt, createdBy,
        java.util.Optional.ofNullable(producedBy), recordDigest);
  }
}
