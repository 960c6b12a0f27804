package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.audit.AuditEventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's gate: "fail if the new model's AUC is 1% or more below production's", both AUCs
 * measured on the same fixed reference set; "1%" is relative (the candidate fails when its AUC
 * is at most 0.99 × production's). With no production model yet, the candidate passes.
 * Every verdict, pass or fail, is appended to the audit log.
 *
 * <p>Interim: the sample's own minimal gate until {@code dev.pedigree.gates} lands on main.
 */
final class AucGate {
  static final String NAME = "churn-auc-gate";
  static final double MAX_RELATIVE_DROP = 0.01;

  private final Repository repo;
  private final ChurnStages stages;

  AucGate(Repository repo, ChurnStages stages) {
    this.repo = repo;
    this.stages = stages;
  }

  GateVerdict evaluate(int week, ArtifactVersion candidate, Optional<ArtifactVersion> production) {
    double candidateAuc = stages.recordedAuc(candidate);
    GateVerdict.Check check;
    if (production.isEmpty()) {
      check = new GateVerdict.Check("auc-not-below-production", true, String.format(Locale.ROOT,
          "no production model yet; %s (AUC %.4f) may become the first", candidate.id(), candidateAuc),
          Map.of("candidate_auc", fmt(candidateAuc)));
    } else {
      ArtifactVersion baseline = production.get();
      double baselineAuc = stages.recordedAuc(baseline);
      double drop = (baselineAuc - candidateAuc) / baselineAuc;
      boolean passed = drop < MAX_RELATIVE_DROP;
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("candidate", candidate.id().toString());
      evidence.put("candidate_auc", fmt(candidateAuc));
      evidence.put("production", baseline.id().toString());
      evidence.put("production_auc", fmt(baselineAuc));
      evidence.put("relative_drop", fmt(drop));
      evidence.put("limit", fmt(MAX_RELATIVE_DROP));
      String message = passed
          ? String.format(Locale.ROOT, "AUC %.4f is within 1%% of production %s (%.4f): %s %.2f%%", candidateAuc,
              baseline.id(), baselineAuc, drop > 0 ? "down" : "up", Math.abs(drop) * 100)
          : String.format(Locale.ROOT, "AUC %.4f is %.2f%% below production %s (%.4f); the limit is 1%%",
              candidateAuc, drop * 100, baseline.id(), baselineAuc);
      check = new GateVerdict.Check("auc-not-below-production", passed, message, evidence);
    }
    GateVerdict verdict = new GateVerdict(NAME, week, candidate.id(), production.map(ArtifactVersion::id),
        List.of(check));
    Map<String, String> details = new LinkedHashMap<>(check.evidence());
    details.put("gate", NAME);
    details.put("passed", Boolean.toString(verdict.passed()));
    details.put("message", check.message());
    repo.audit().append(AuditEventType.GATE_VERDICT, candidate.id().toString(), repo.actor(), details);
    return verdict;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
