package dev.pedigree.maintenance;

import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.Objects;

/**
 * What a retention policy decided for one version, and why.
 *
 * @param version the version
 * @param keep whether it is kept
 * @param reasons why it is kept (every rule that keeps it); empty when it goes
 */
public record RetentionDecision(VersionId version, boolean keep, List<String> reasons) {
  /** Checks and copies the fields. */
  public RetentionDecision {
    Objects.requireNonNull(version, "version");
    reasons = List.copyOf(reasons);
  }
}
