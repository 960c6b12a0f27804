package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Verdict;
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
 * @param quality the data-quality check's result
 * @param stages each pipeline stage and how it ended
 * @param monitoring the check of production against the week's outcomes, if one ran
 * @param rollback the rollback it caused, if any
 * @param model the trained model version (empty when the pipeline failed)
 * @param reference the model's metrics on the reference set
 * @param holdout the model's metrics on the week's hold-out set
 * @param verdicts the verdicts of the promotion plan's steps, in order
 * @param decision what became of the candidate
 * @param aliases every alias of the model after the week, with its version number
 */
record WeekOutcome(int week, WeekConditions conditions, VersionId raw, double churnRate, CheckResult quality,
    List<String> stages, Optional<Monitoring.Result> monitoring, Optional<AliasChange> rollback,
    Optional<VersionId> model, Optional<Evaluation> reference, Optional<Evaluation> holdout, List<Verdict> verdicts,
    Decision decision, Map<String, Integer> aliases) {
  WeekOutcome {
    stages = List.copyOf(stages);
    verdicts = List.copyOf(verdicts);
    aliases = Map.copyOf(aliases);
  }

  /** What became of the week's candidate. */
  enum Decision {
    /** Promoted through staging to production. */
    PROMOTED,
    /** Rejected by the AUC gate; production unchanged. */
    REJECTED_BY_GATE,
    /** Rejected by the integration check in staging; production unchanged. */
    REJECTED_BY_INTEGRATION,
    /** The data failed its quality check; nothing was trained. */
    REJECTED_BY_DATA_QUALITY
  }

  boolean rejected() {
    return decision != Decision.PROMOTED;
  }

  /** The verdict that stopped the candidate, if one did. */
  Optional<Verdict> rejection() {
    return verdicts.stream().filter(Verdict::rejected).findFirst();
  }
}
