package dev.pedigree.testing;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link ArtifactVersion}.
 *
 * <pre>{@code
 * assertThat(version).hasNumber(3).hasKind(ArtifactKind.MODEL).hasMetric("auc", 0.91).hasTag("reviewed-by", "ana");
 * }</pre>
 */
public final class ArtifactVersionAssert extends AbstractAssert<ArtifactVersionAssert, ArtifactVersion> {
  ArtifactVersionAssert(ArtifactVersion actual) {
    super(actual, ArtifactVersionAssert.class);
  }

  /**
   * Verifies the version number.
   *
   * @param number the number expected
   * @return this
   */
  public ArtifactVersionAssert hasNumber(int number) {
    isNotNull();
    if (actual.number() != number) {
      failWithMessage("%nExpecting %s to be version %d%nbut was version %d", actual.id(), number, actual.number());
    }
    return this;
  }

  /**
   * Verifies the kind.
   *
   * @param kind the kind expected
   * @return this
   */
  public ArtifactVersionAssert hasKind(ArtifactKind kind) {
    isNotNull();
    if (actual.kind() != kind) {
      failWithMessage("%nExpecting %s to be a %s%nbut was a %s", actual.id(), kind, actual.kind());
    }
    return this;
  }

  /**
   * Verifies a metric's exact value.
   *
   * @param name the metric
   * @param value the value expected
   * @return this
   */
  public ArtifactVersionAssert hasMetric(String name, double value) {
    isNotNull();
    OptionalDouble metric = actual.metric(name);
    if (metric.isEmpty() || Double.compare(metric.getAsDouble(), value) != 0) {
      failWithMessage("%nExpecting %s to have metric %s = %s%nbut was %s", actual.id(), name, value,
          metric.isEmpty() ? "missing (its metrics are " + actual.metrics().keySet() + ")" : metric.getAsDouble());
    }
    return this;
  }

  /**
   * Verifies a tag.
   *
   * @param name the tag
   * @param value the value expected
   * @return this
   */
  public ArtifactVersionAssert hasTag(String name, String value) {
    isNotNull();
    String tag = actual.tags().get(name);
    if (!value.equals(tag)) {
      failWithMessage("%nExpecting %s to have tag %s=%s%nbut was %s", actual.id(), name, value,
          tag == null ? "untagged (its tags are " + actual.tags() + ")" : name + "=" + tag);
    }
    return this;
  }

  /**
   * Verifies which run produced the version.
   *
   * @param runId the run's id
   * @return this
   */
  public ArtifactVersionAssert wasProducedBy(String runId) {
    isNotNull();
    if (!actual.producedBy().map(runId::equals).orElse(false)) {
      failWithMessage("%nExpecting %s to have been produced by run %s%nbut was %s", actual.id(), runId,
          actual.producedBy().map(r -> "produced by run " + r).orElse("registered outside any run"));
    }
    return this;
  }
}
