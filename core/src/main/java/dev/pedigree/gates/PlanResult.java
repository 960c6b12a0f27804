package dev.pedigree.gates;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;

/**
 * What a {@link PromotionPlan} did.
 *
 * @param verdicts every verdict given, in order
 * @param promotions every promotion attempted, in order
 * @param completed whether every step passed
 * @param explanation a sentence: where the plan stopped and why, or that it completed
 */
public record PlanResult(List<Verdict> verdicts, List<Promotion> promotions, boolean completed, String explanation) {
  /** Validates and copies the fields. */
  public PlanResult {
    verdicts = List.copyOf(verdicts);
    promotions = List.copyOf(promotions);
    InvalidRequestException.requireNonNull(explanation, "explanation");
  }
}
