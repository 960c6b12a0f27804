package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.artifacts.VersionId;
import java.util.List;

/**
 * What a {@link TrustPolicy} concluded about a version.
 *
 * @param version the version judged
 * @param trusted whether every requirement was met
 * @param satisfied each requirement met, in words
 * @param problems each requirement not met, in words: what is missing and what to do
 */
public record TrustDecision(VersionId version, boolean trusted, List<String> satisfied, List<String> problems) {
  /** Copies and checks the parts. */
  public TrustDecision {
    InvalidRequestException.requireNonNull(version, "version");
    satisfied = List.copyOf(satisfied);
    problems = List.copyOf(problems);
  }

  /**
   * Explains the decision in one paragraph.
   *
   * @return e.g. "churn-model:4 is not trusted: no model signature by a trusted key; ..."
   */
  public String explanation() {
    return trusted ? version + " is trusted: " + String.join("; ", satisfied)
        : version + " is not trusted: " + String.join("; ", problems);
  }
}
