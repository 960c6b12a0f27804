package dev.pedigree.samples.churn;

import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.gates.Verdict;
import dev.pedigree.pipeline.Reproduction;
import dev.pedigree.samples.ml.Evaluation;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints each week's outcome for a person reading a terminal. */
final class TerminalReport {
  private final PrintStream out;

  TerminalReport(PrintStream out) {
    this.out = out;
  }

  void header(String location, Settings settings) {
    out.printf(Locale.ROOT, "Pedigree churn sample — weekly retraining with a promotion gate%n");
    out.printf(Locale.ROOT, "repository: %s%n", location);
    out.printf(Locale.ROOT, "data: %d customers a week (seed %d), reference set %d customers%n",
        settings.customersPerWeek(), settings.seed(), settings.referenceCustomers());
    out.printf(Locale.ROOT, "gate: %s — reject if the candidate's AUC is 1%% or more below production's%n",
        ChurnGates.AUC_GATE);
    out.printf(Locale.ROOT, "plan: candidate → staging (gate) → integration check → production (gate)%n%n");
  }

  void week(WeekOutcome o) {
    out.printf(Locale.ROOT, "Week %d — %s%n", o.week(), o.conditions().describe());
    o.monitoring().ifPresent(m -> out.printf(Locale.ROOT, "  monitor   %s %s%n",
        m.healthy() ? "ok:" : "UNHEALTHY:", m.message()));
    o.rollback().ifPresent(r -> out.printf(Locale.ROOT, "  ROLLBACK  production %s → %s (one call: rollback(\"%s\", \"%s\"))%n",
        r.from().isPresent() ? "v" + r.from().getAsInt() : "-", r.to().isPresent() ? "v" + r.to().getAsInt() : "-",
        r.artifact(), r.alias()));
    out.printf(Locale.ROOT, "  data      %s: %d%% churned; data quality %s%n", o.raw(),
        Math.round(o.churnRate() * 100), o.quality().blocking() ? "FAILED: " + o.quality().evidence().summary()
            : "passed (" + o.quality().check() + ")");
    out.printf(Locale.ROOT, "  pipeline  %s%n", String.join(", ", o.stages()));
    if (o.model().isPresent()) {
      Evaluation ref = o.reference().orElseThrow();
      Evaluation hold = o.holdout().orElseThrow();
      out.printf(Locale.ROOT, "  model     %s: AUC %.4f, log loss %.4f on the reference set (hold-out: AUC %.4f, log loss %.4f)%n",
          o.model().get(), ref.auc(), ref.logLoss(), hold.auc(), hold.logLoss());
    }
    for (Verdict v : o.verdicts()) {
      boolean integration = v.gate().equals(ChurnGates.INTEGRATION_GATE);
      String step = integration ? "in staging" : "→ " + v.alias().orElse("?");
      for (CheckResult r : v.results()) {
        out.printf(Locale.ROOT, "  %-9s %-12s %s %s — %s%n", integration ? "check" : "gate", step,
            r.status() == CheckStatus.PASSED ? "pass" : "FAIL", r.check(), r.evidence().summary());
      }
    }
    out.printf(Locale.ROOT, "  verdict   %s%n", switch (o.decision()) {
      case PROMOTED -> "PROMOTED to production";
      case REJECTED_BY_GATE -> "REJECTED by the gate; production unchanged";
      case REJECTED_BY_INTEGRATION -> "REJECTED by the integration check; production unchanged";
      case REJECTED_BY_DATA_QUALITY -> "REJECTED: data quality; nothing trained";
    });
    out.printf(Locale.ROOT, "  aliases   %s%n%n", aliases(o.aliases()));
  }

  void reproduction(Reproduction proof) {
    out.printf(Locale.ROOT, "Reproducing %s from its recorded run %s%n", proof.version(),
        proof.runId().orElse("(none)"));
    out.printf(Locale.ROOT, "  %-9s %s%n%n", proof.identical() ? "IDENTICAL" : proof.status().name(),
        proof.explanation());
  }

  void alert(String text) {
    out.printf(Locale.ROOT, "  ALERT     %s%n", text);
  }

  static String aliases(Map<String, Integer> aliases) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(aliases).descendingMap().forEach((alias, version) ->
        text.append(text.length() > 0 ? ", " : "").append(alias).append(" → v").append(version));
    return text.length() == 0 ? "(none)" : text.toString();
  }
}
