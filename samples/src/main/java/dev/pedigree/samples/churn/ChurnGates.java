package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.PromotionPlan;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Customer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gates of the churn model and the staged plan that uses them: candidate → {@code staging}
 * (through the AUC gate) → integration check on the staged model → {@code production}
 * (through the AUC gate again, against the production holder of that moment).
 */
final class ChurnGates {
  static final String AUC_GATE = "churn-auc-gate";
  static final String AUC_CHECK = "auc-not-below-production";
  static final String INTEGRATION_GATE = "staging-integration";
  static final String INTEGRATION_CHECK = "staged-model-scores-fixed-batch";
  static final String STAGING = "staging";
  static final String PRODUCTION = "production";
  /** The seed's rule: the candidate fails when its AUC is 1% or more below production's. */
  static final double MAX_RELATIVE_DROP = 0.01;

  private ChurnGates() {
  }

  static PromotionPlan plan(Repository repo, List<Customer> batch) {
    Gate auc = aucGate(repo);
    return PromotionPlan.builder().promote(STAGING, auc).verify(integrationGate(repo, batch)).promote(PRODUCTION, auc)
        .build();
  }

  /**
   * The seed's gate: "fail if the new model's AUC is 1% or more below production's". Both AUCs
   * are those their evaluations measured on the same fixed reference set, found through the
   * lineage; "1%" is relative. The baseline is whatever holds {@code production} when the gate
   * judges, whichever alias the candidate is promoted to.
   */
  static Gate aucGate(Repository repo) {
    return Gate.named(AUC_GATE).description("fail if the new model's AUC is 1% or more below production's")
        .require(Check.of(AUC_CHECK, ctx -> aucAgainstProduction(repo, ctx))).build();
  }

  private static CheckResult aucAgainstProduction(Repository repo, CheckContext ctx) {
    ArtifactVersion candidate = ctx.candidate();
    Optional<Double> candidateAuc = auc(repo, candidate);
    if (candidateAuc.isEmpty()) {
      return CheckResult.failed(AUC_CHECK, candidate.id() + " has no evaluation; run the evaluate stage on it");
    }
    Optional<ArtifactVersion> production = repo.artifacts().alias(ChurnPipeline.MODEL, PRODUCTION)
        .filter(p -> p.number() != candidate.number());
    if (production.isEmpty()) {
      return CheckResult.passed(AUC_CHECK, Evidence.builder(String.format(Locale.ROOT,
          "no production model yet; %s (AUC %.4f) may become the first", candidate.id(), candidateAuc.get()))
          .observed("candidate_auc", candidateAuc.get()).build());
    }
    double baseline = auc(repo, production.get()).orElseThrow(() -> new IllegalStateException(
        "Cannot compare with " + production.get().id() + ": it has no evaluation"));
    double drop = (baseline - candidateAuc.get()) / baseline;
    boolean passed = drop < MAX_RELATIVE_DROP;
    String summary = passed
        ? String.format(Locale.ROOT, "AUC %.4f is within 1%% of production %s (%.4f): %s %.2f%%", candidateAuc.get(),
            production.get().id(), baseline, drop > 0 ? "down" : "up", Math.abs(drop) * 100)
        : String.format(Locale.ROOT, "AUC %.4f is %.2f%% below production %s (%.4f); the limit is 1%%",
            candidateAuc.get(), drop * 100, production.get().id(), baseline);
    Evidence evidence = Evidence.builder(summary).observed("candidate_auc", candidateAuc.get())
        .observed("production_auc", baseline).observed("relative_drop", drop)
        .threshold("relative_drop", "< " + Evidence.format(MAX_RELATIVE_DROP)).baseline(production.get().id()).build();
    return CheckResult.of(AUC_CHECK, passed, evidence);
  }

  static Optional<Double> auc(Repository repo, ArtifactVersion model) {
    return ChurnPipeline.evaluationOf(repo, model).flatMap(e -> {
      var auc = e.metric("auc");
      return auc.isPresent() ? Optional.of(auc.getAsDouble()) : Optional.empty();
    });
  }

  /**
   * The integration check in staging: the model that holds {@code staging}, loaded from the
   * repository as a service would load it, scores a fixed batch of customers; every score must
   * be a probability, the scores must vary, and the mean predicted churn must be plausible
   * (2% to 60%).
   */
  static Gate integrationGate(Repository repo, List<Customer> batch) {
    List<Customer> fixed = List.copyOf(batch);
    return Gate.named(INTEGRATION_GATE).description("the staged model loads and scores a fixed batch")
        .require(Check.of(INTEGRATION_CHECK, ctx -> {
          ArtifactVersion staged = repo.artifacts().alias(ChurnPipeline.MODEL, STAGING).orElse(null);
          if (staged == null || staged.number() != ctx.candidate().number()) {
            return CheckResult.failed(INTEGRATION_CHECK, ctx.candidate().id() + " does not hold staging");
          }
          ChurnModel model;
          try {
            model = ChurnPipeline.loadModel(repo, staged);
          } catch (RuntimeException e) {
            return CheckResult.failed(INTEGRATION_CHECK, "cannot load " + staged.id() + ": " + e.getMessage());
          }
          double[] p = model.churnProbabilities(fixed);
          long invalid = Arrays.stream(p).filter(x -> !(x >= 0 && x <= 1)).count();
          long distinct = Arrays.stream(p).map(x -> Math.round(x * 1e6) / 1e6).distinct().count();
          double mean = Arrays.stream(p).average().orElse(Double.NaN);
          boolean passed = invalid == 0 && distinct > 10 && mean >= 0.02 && mean <= 0.6;
          return CheckResult.of(INTEGRATION_CHECK, passed, Evidence.builder(String.format(Locale.ROOT,
              "%s@staging (%s) scored %d fixed customers: %d invalid scores, %d distinct, mean churn probability %.3f",
              ChurnPipeline.MODEL, staged.id(), p.length, invalid, distinct, mean))
              .observed("scored", p.length).observed("invalid", invalid).observed("mean_churn_probability", mean)
              .threshold("mean_churn_probability", "[0.02, 0.6]").build());
        })).build();
  }
}
