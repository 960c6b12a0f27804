package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import java.util.List;
import java.util.Locale;

/**
 * Watches production against live outcomes, two ways. Against the version production held before
 * it (both score the week's customers, whose outcomes are now known): production is worse when
 * its log loss is 5% or more above the previous holder's, or its AUC 1% or more below — the
 * gate's own AUC rule plus calibration, which the AUC rule cannot see — and is then rolled back.
 * Against its own training-time figures (the AUC its evaluation stage recorded): a live AUC
 * 10% or more below them means the world or the data feed changed under every model, which
 * comparing two models cannot see and a rollback cannot fix; it is flagged, not rolled back.
 */
final class Monitoring {
  static final double MAX_LOG_LOSS_RISE = 0.05;
  static final double MAX_AUC_DROP = 0.01;
  static final double MAX_AUC_DROP_FROM_TRAINING = 0.10;

  private final Repository repo;

  /**
   * The comparison on live outcomes.
   *
   * @param healthy neither worse than the previous holder nor collapsed against its own training
   * @param rollBack worse than the previous holder, so going back helps
   */
  record Result(ArtifactVersion production, ArtifactVersion previous, Evaluation productionLive,
      Evaluation previousLive, boolean healthy, boolean rollBack, String message) {
  }

  Monitoring(Repository repo) {
    this.repo = repo;
  }

  Result compare(ArtifactVersion production, ArtifactVersion previous, List<LabelledCustomer> liveOutcomes) {
    Evaluation now = ChurnPipeline.loadModel(repo, production).evaluate(liveOutcomes);
    Evaluation before = ChurnPipeline.loadModel(repo, previous).evaluate(liveOutcomes);
    double lossRise = (now.logLoss() - before.logLoss()) / before.logLoss();
    double aucDrop = (before.auc() - now.auc()) / before.auc();
    boolean worse = lossRise >= MAX_LOG_LOSS_RISE || aucDrop >= MAX_AUC_DROP;
    // The model's own figure: the AUC its evaluation stage measured on the reference set at training time.
    Double trainedAuc = ChurnGates.auc(repo, production).orElse(null);
    double dropFromTraining = trainedAuc == null ? 0 : (trainedAuc - now.auc()) / trainedAuc;
    boolean collapsed = dropFromTraining >= MAX_AUC_DROP_FROM_TRAINING;
    String message = String.format(Locale.ROOT,
        "on %d live outcomes %s has log loss %.4f and AUC %.4f; previous holder %s has %.4f and %.4f"
            + " (log loss %+.1f%%, AUC %+.2f%%)",
        liveOutcomes.size(), production.id(), now.logLoss(), now.auc(), previous.id(), before.logLoss(), before.auc(),
        lossRise * 100, -aucDrop * 100);
    if (trainedAuc != null) {
      message += String.format(Locale.ROOT, "; its training-time AUC was %.4f (live %+.1f%%)", trainedAuc,
          -dropFromTraining * 100);
    }
    if (collapsed) {
      message += " — live AUC collapsed against its own training figures: the data changed under every model,"
          + " so no rollback; check the upstream feed";
    }
    return new Result(production, previous, now, before, !worse && !collapsed, worse, message);
  }
}
