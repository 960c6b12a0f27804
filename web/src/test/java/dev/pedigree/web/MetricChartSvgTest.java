package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.objects.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricChartSvgTest {
  private static ArtifactVersion version(int number, double auc) {
    Digest content = Digest.of(("model " + number).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new ArtifactVersion(new VersionId("churn-model", number), ArtifactKind.MODEL, content, ContentLayout.FILE,
        7, Map.of(), Map.of("auc", auc), Map.of(), "", Instant.EPOCH, "tester", Optional.empty(), content);
  }

  private static List<String> labels(String svg) {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile("<text class=\"alias-label\"[^>]*>([^<]*)</text>").matcher(svg);
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  @Test
  void aliasesOnOneVersionShareOneLabelAndOthersKeepTheirOwn() {
    List<ArtifactVersion> versions = List.of(version(1, 0.81), version(2, 0.84), version(3, 0.83));

    String svg = MetricChartSvg.render("auc", versions, Map.of("staging", 2, "production", 2, "canary", 3),
        n -> "/v/" + n);

    assertThat(labels(svg)).containsExactly("production, staging", "canary");
    assertThat(svg.split("class=\"alias-marker\"", -1)).hasSize(3);
  }
}
