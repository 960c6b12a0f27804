package dev.pedigree.gates;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.objects.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Versions made in memory for check tests that need no repository (and may hold NaN metrics). */
final class Versions {
  private Versions() {
  }

  static ArtifactVersion model(int number, Map<String, Double> metrics) {
    Digest digest = Digest.of(("model " + number).getBytes(StandardCharsets.UTF_8));
    return new ArtifactVersion(new VersionId("churn-model", number), ArtifactKind.MODEL, digest, ContentLayout.FILE, 7,
        Map.of(), metrics, Map.of(), "", Instant.parse("2026-01-01T00:00:00Z"), "tester", Optional.empty(), digest);
  }

  static ArtifactVersion auc(int number, double auc) {
    return model(number, Map.of("auc", auc));
  }
}
