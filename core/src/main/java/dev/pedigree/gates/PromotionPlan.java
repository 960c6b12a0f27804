package dev.pedigree.gates;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A staged promotion: steps run in order, each either promoting the candidate to an alias
 * through a gate or verifying it with a gate (integration checks) without moving anything. The
 * plan stops at the first rejection, leaving later aliases untouched.
 *
 * <pre>{@code
 * PromotionPlan plan = PromotionPlan.builder()
 *     .promote("staging", stagingGate)        // candidate -> staging
 *     .verify(integrationGate)                // integration checks against the staged candidate
 *     .promote("production", productionGate)  // -> production
 *     .build();
 * PlanResult result = plan.run(Promoter.of(repo), VersionId.parse("churn-model:8"));
 * }</pre>
 */
public final class PromotionPlan {
  private final List<Step> steps;

  private PromotionPlan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * Starts building a plan.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the plan for a candidate.
   *
   * @param promoter the promoter (its listeners hear each promotion)
   * @param candidate the version
   * @return each step's verdict, and whether every step passed
   */
  public PlanResult run(Promoter promoter, VersionId candidate) {
    InvalidRequestException.requireNonNull(promoter, "promoter");
    InvalidRequestException.requireNonNull(candidate, "candidate");
    List<Verdict> verdicts = new ArrayList<>();
    List<Promotion> promotions = new ArrayList<>();
    String lastAlias = null;
    for (Step step : steps) {
      if (step.alias != null) {
        Promotion promotion = promoter.promote(candidate, step.alias, step.gate);
        promotions.add(promotion);
        promotion.verdict().ifPresent(verdicts::add);
        if (promotion.outcome() == PromotionOutcome.REJECTED) {
          return new PlanResult(verdicts, promotions, false, promotion.explanation());
        }
        lastAlias = step.alias;
      } else {
        Verdict verdict = promoter.evaluate(candidate, lastAlias == null ? step.gate.name() : lastAlias, step.gate);
        verdicts.add(verdict);
        if (verdict.rejected()) {
          return new PlanResult(verdicts, promotions, false, "Stopped at verification gate '" + step.gate.name() + "': "
              + verdict.summary());
        }
      }
    }
    return new PlanResult(verdicts, promotions, true, candidate + " passed every step of the plan.");
  }

  private record Step(String alias, Gate gate) {
  }

  /** Builds a {@link PromotionPlan}; each alias may be promoted to once. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private final Set<String> aliases = new HashSet<>();

    private Builder() {
    }

    /**
     * Adds a step that promotes the candidate to an alias through a gate.
     *
     * @param alias the alias
     * @param gate the gate
     * @return this builder
     */
    public Builder promote(String alias, Gate gate) {
      InvalidRequestException.requireNonNull(alias, "alias");
      InvalidRequestException.requireNonNull(gate, "gate");
      if (!aliases.add(alias)) {
        throw new InvalidRequestException("Cannot promote to alias '" + alias + "' twice in one plan; remove one step");
      }
      steps.add(new Step(alias, gate));
      return this;
    }

    /**
     * Adds a step that evaluates a gate (such as integration checks) without moving an alias;
     * its baseline is the version the candidate replaced on the alias promoted to in the step
     * before (none for the first), never the candidate itself.
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder verify(Gate gate) {
      steps.add(new Step(null, InvalidRequestException.requireNonNull(gate, "gate")));
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     * @throws InvalidRequestException if it promotes to no alias
     */
    public PromotionPlan build() {
      if (aliases.isEmpty()) {
        throw new InvalidRequestException("Cannot build a promotion plan that promotes to no alias; add promote(alias, gate)");
      }
      return new PromotionPlan(steps);
    }
  }
}
