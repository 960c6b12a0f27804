package dev.pedigree.gates;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Optional;

/**
 * The result of promoting a candidate to an alias through a gate.
 *
 * @param outcome promoted, rejected or already current
 * @param candidate the version promoted
 * @param alias the alias
 * @param verdict the gate's verdict of the last attempt (empty when the alias already held the candidate)
 * @param change the alias move, when promoted
 * @param attempts how many times the gate was evaluated: more than 1 when another writer moved
 *     the alias meanwhile and the candidate was judged again against the new baseline
 */
public record Promotion(PromotionOutcome outcome, VersionId candidate, String alias, Optional<Verdict> verdict,
    Optional<AliasChange> change, int attempts) {
  /** Validates the fields. */
  public Promotion {
    InvalidRequestException.requireNonNull(outcome, "outcome");
    InvalidRequestException.requireNonNull(candidate, "candidate");
    InvalidRequestException.requireNonNull(alias, "alias");
    InvalidRequestException.requireNonNull(verdict, "verdict");
    InvalidRequestException.requireNonNull(change, "change");
    if (outcome == PromotionOutcome.PROMOTED && change.isEmpty()) {
      throw new InvalidRequestException("A promotion that moved the alias records the move");
    }
  }

  /**
   * Returns whether the alias now holds the candidate because of this promotion.
   *
   * @return true if promoted
   */
  public boolean promoted() {
    return outcome == PromotionOutcome.PROMOTED;
  }

  /**
   * Returns a sentence that says what happened and why.
   *
   * @return the explanation
   */
  public String explanation() {
    String verdictText = verdict.map(Verdict::summary).orElse("")
        + (attempts > 1 ? " The alias moved while the candidate was being judged, so it was judged again against"
            + " the new holder (" + attempts + " evaluations)." : "");
    return switch (outcome) {
      case PROMOTED -> candidate + " was promoted to '" + alias + "'. " + verdictText;
      case REJECTED -> candidate + " was not promoted to '" + alias + "'; the alias was left untouched. " + verdictText;
      case ALREADY_CURRENT -> candidate + " already holds '" + alias + "'; nothing was done.";
    };
  }

  @Override
  public String toString() {
    return explanation();
  }
}
