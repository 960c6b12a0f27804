package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import java.util.List;
import java.util.Locale;

/**
 * Watches production against live outcomes: the production model and the version production
 * held before it both score the week's customers, whose outcomes are now known. Production is
 * unhealthy when its log loss is 5% or more above the previous holder's, or its AUC 1% or more
 * below — the gate's own AUC rule plus calibration, which the AUC rule cannot see.
 */
final class Monitoring {
  static final double MAX_LOG_LOSS_RISE = 0.05;
  static final double MAX_AUC_DROP = 0.01;

  private final Repository repo;

  /** The comparison on live outcomes. */
  record Result(ArtifactVersion production, ArtifactVersion previous, Evaluation productionLive,
      Evaluation previousLive, boolean healthy, String message) {
  }

  Monitoring(Repository repo) {
    this.repo = repo;
  }

  Result compare(ArtifactVersion production, ArtifactVersion previous, List<LabelledCustomer> liveOutcomes) {
    Evaluation now = ChurnPipeline.loadModel(repo, production).evaluate(liveOutcomes);
    Evaluation before = ChurnPipeline.loadModel(repo, previous).evaluate(liveOutcomes);
    double lossRise = (now.logLoss() - before.logLoss()) / before.logLoss();
    double aucDrop = (before.auc() - now.auc()) / before.auc();
    boolean healthy = lossRise < MAX_LOG_LOSS_RISE && aucDrop < MAX_AUC_DROP;
    String message = String.format(Locale.ROOT,
        "on %d live outcomes %s has log loss %.4f and AUC %.4f; previous holder %s has %.4f and %.4f"
            + " (log loss %+.1f%%, AUC %+.2f%%)",
        liveOutcomes.size(), production.id(), now.logLoss(), now.auc(), previous.id(), before.logLoss(), before.auc(),
        lossRise * 100, -aucDrop * 100);
    return new Result(production, previous, now, before, healthy, message);
  }
}
