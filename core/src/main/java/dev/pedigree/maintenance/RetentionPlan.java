package dev.pedigree.maintenance;

import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a retention policy decided: every version it looked at, kept (with every reason) or to
 * be deleted. A plan from {@code planRetention} is a dry run and changed nothing; one from
 * {@code applyRetention} also says what was deleted and what was refused.
 *
 * @param decisions one per version, by artifact and newest first
 * @param applied whether deletions were made
 * @param deleted the versions deleted (empty in a dry run)
 * @param refused versions the plan would delete that were refused when applied (an alias
 *     moved to one meanwhile), with the reason
 */
public record RetentionPlan(List<RetentionDecision> decisions, boolean applied, List<VersionId> deleted,
    Map<VersionId, String> refused) {
  /** Checks and copies the fields. */
  public RetentionPlan {
    decisions = List.copyOf(decisions);
    deleted = List.copyOf(deleted);
    refused = Map.copyOf(Objects.requireNonNull(refused, "refused"));
  }

  /**
   * Returns the versions the policy deletes (or would).
   *
   * @return versions
   */
  public List<VersionId> toDelete() {
    return decisions.stream().filter(d -> !d.keep()).map(RetentionDecision::version).toList();
  }

  /**
   * Returns the kept versions with why each is kept.
   *
   * @return decisions that keep
   */
  public List<RetentionDecision> kept() {
    return decisions.stream().filter(RetentionDecision::keep).toList();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(applied ? "Retention applied: " : "Retention plan (dry run): ");
    text.append(kept().size()).append(" kept, ").append(applied ? deleted.size() + " deleted" : toDelete().size()
        + " to delete");
    if (!refused.isEmpty()) {
      text.append(", ").append(refused.size()).append(" refused");
    }
    text.append('\n');
    for (RetentionDecision decision : decisions) {
      text.append("  ").append(decision.version()).append(decision.keep() ? "  keep: " + String.join("; ",
          decision.reasons()) : refused.containsKey(decision.version()) ? "  refused: " + refused.get(decision.version())
          : "  delete").append('\n');
    }
    return text.toString();
  }
}
