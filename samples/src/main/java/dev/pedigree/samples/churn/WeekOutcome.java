package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.WeekConditions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened in one simulated week.
 *
 * @param week the week number
 * @param conditions the faults injected into its data
 * @param raw the raw data version
 * @param churnRate the share of churners in the raw data
 * @param quality the data-quality report
 * @param monitoring the check of production against the week's outcomes, if one ran
 * @param rollback the rollback it caused, if any
 * @param model the trained model version (empty when the data-quality checks failed)
 * @param reference the model's metrics on the reference set
 * @param holdout the model's metrics on the week's hold-out set
 * @param verdict the gate's verdict
 * @param integration the integration check's result, when it ran
 * @param decision what became of the candidate
 * @param aliases every alias of the model after the week, with its version number
 */
record WeekOutcome(int week, WeekConditions conditions, VersionId raw, double churnRate, DataQuality.Report quality,
    Optional<Monitoring.Result> monitoring, Optional<AliasChange> rollback, Optional<VersionId> model,
    Optional<Evaluation> reference, Optional<Evaluation> holdout, Optional<GateVerdict> verdict,
    Optional<IntegrationCheck.Result> integration, Decision decision, Map<String, Integer> aliases) {
  WeekOutcome {
    aliases = Map.copyOf(aliases);
  }

  /** What became of the week's candidate. */
  enum Decision {
    /** Promoted through staging to production. */
    PROMOTED,
    /** Rejected by the gate; production unchanged. */
    REJECTED_BY_GATE,
    /** Rejected by the integration check in staging; production unchanged. */
    REJECTED_BY_INTEGRATION,
    /** The data failed its quality checks; nothing was trained. */
    REJECTED_BY_DATA_QUALITY
  }

  boolean rejected() {
    return decision != Decision.PROMOTED;
  }

  static List<String> aliasOrder() {
    return List.of("production", "staging");
  }
}
