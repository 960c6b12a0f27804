package dev.pedigree.samples.gitops;

import java.util.Objects;
import java.util.Optional;

/**
 * The Helm-style values the GitOps repository holds: the stable model and, during a rollout,
 * the canary with its share of traffic.
 *
 * @param stable the model serving most traffic, if any yet
 * @param canary the model under canary analysis, if any
 * @param canaryWeight the canary's percentage of traffic (0 without a canary)
 */
public record HelmValues(Optional<ModelRef> stable, Optional<ModelRef> canary, int canaryWeight) {
  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the weight is out of range or set without a canary
   */
  public HelmValues {
    Objects.requireNonNull(stable, "stable");
    Objects.requireNonNull(canary, "canary");
    if (canaryWeight < 0 || canaryWeight > 100 || canary.isPresent() != canaryWeight > 0) {
      throw new IllegalArgumentException("Cannot write values with canary weight " + canaryWeight
          + ": give a weight of 1 to 100 with a canary, 0 without");
    }
  }

  /**
   * A model version as the deployment sees it.
   *
   * @param version such as {@code gitops-model:3}
   * @param digest the content digest, such as {@code sha256:…}
   */
  public record ModelRef(String version, String digest) {
    /** Checks for nulls. */
    public ModelRef {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(digest, "digest");
    }
  }

  /**
   * Renders the values as YAML.
   *
   * @return the {@code values.yaml} text
   */
  public String toYaml() {
    StringBuilder yaml = new StringBuilder("# Written by the Pedigree GitOps sample: one commit per deployment step.\n");
    yaml.append("replicaCount: 2\nimage:\n  repository: registry.example.com/churn-server\n  tag: \"1.4.0\"\n");
    yaml.append("model:\n");
    stable.ifPresentOrElse(m -> yaml.append("  stable:\n    version: \"").append(m.version()).append("\"\n")
        .append("    digest: \"").append(m.digest()).append("\"\n"), () -> yaml.append("  stable: null\n"));
    canary.ifPresentOrElse(m -> yaml.append("  canary:\n    version: \"").append(m.version()).append("\"\n")
        .append("    digest: \"").append(m.digest()).append("\"\n    weight: ").append(canaryWeight).append('\n'),
        () -> yaml.append("  canary: null\n"));
    return yaml.toString();
  }
}
