package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The three stages of the churn pipeline, each recorded as a run with its inputs, outputs,
 * parameters and metrics: preprocess (raw data → training and hold-out sets, after the
 * data-quality checks), train (a classifier), evaluate (AUC and log loss on the hold-out set
 * and on the fixed reference set).
 */
final class ChurnStages {
  static final String RAW = "churn-raw";
  static final String TRAIN_SET = "churn-train";
  static final String HOLDOUT_SET = "churn-holdout";
  static final String REFERENCE_SET = "churn-reference";
  static final String CONFIG = "churn-config";
  static final String MODEL = "churn-model";
  static final String EVALUATION = "churn-eval";
  static final String PIPELINE = "churn";

  private final Repository repo;
  private final CodeVersion code;

  ChurnStages(Repository repo, CodeVersion code) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What preprocessing produced. */
  record Prepared(DataQuality.Report quality, ArtifactVersion trainSet, ArtifactVersion holdoutSet) {
  }

  /** What evaluation measured. */
  record Evaluated(ArtifactVersion report, Evaluation reference, Evaluation holdout) {
  }

  /**
   * Checks the raw data; when it passes, splits it (every fourth customer to the hold-out set)
   * and registers both sets. A failed check fails the run and registers nothing.
   */
  Prepared preprocess(ArtifactVersion raw) {
    try (ActiveRun run = repo.runs().start(PIPELINE + "/preprocess", code)) {
      run.input(raw);
      run.param("holdout_fraction", "0.25");
      byte[] csv = read(raw);
      DataQuality.Report quality = DataQuality.check(csv);
      run.logMetric("dq_checks_passed", quality.passedCount());
      if (!quality.passed()) {
        run.fail(new IllegalStateException("Data quality checks failed: " + quality.failures()));
        return new Prepared(quality, null, null);
      }
      List<LabelledCustomer> rows = ChurnCsv.read(csv);
      List<LabelledCustomer> train = new ArrayList<>();
      List<LabelledCustomer> holdout = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        (i % 4 == 3 ? holdout : train).add(rows.get(i));
      }
      String week = raw.tags().getOrDefault("week", "?");
      ArtifactVersion trainSet = run.register(NewVersion.of(TRAIN_SET, ArtifactKind.DATASET)
          .bytes(ChurnCsv.write(train)).tag("week", week).metric("rows", train.size())
          .description("Training split of " + raw.id()));
      ArtifactVersion holdoutSet = run.register(NewVersion.of(HOLDOUT_SET, ArtifactKind.DATASET)
          .bytes(ChurnCsv.write(holdout)).tag("week", week).metric("rows", holdout.size())
          .description("Hold-out split of " + raw.id()));
      run.succeed();
      return new Prepared(quality, trainSet, holdoutSet);
    }
  }

  /** Trains a classifier on the training set with the versioned config. */
  ArtifactVersion train(ArtifactVersion trainSet, ArtifactVersion configVersion) {
    try (ActiveRun run = repo.runs().start(PIPELINE + "/train", code)) {
      run.input(trainSet);
      run.input(configVersion);
      TrainingConfig config = TrainingConfig.fromJson(bytes(configVersion));
      config.asParams().forEach(run::param);
      List<LabelledCustomer> rows = ChurnCsv.read(read(trainSet));
      ChurnModel model = ChurnModel.train(rows, config);
      Evaluation fit = model.evaluate(rows);
      run.logMetric("train_log_loss", fit.logLoss());
      ArtifactVersion registered = run.register(NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(model.toBytes())
          .params(config.asParams()).metric("train_log_loss", fit.logLoss())
          .tag("week", trainSet.tags().getOrDefault("week", "?"))
          .description("Churn classifier trained on " + trainSet.id() + " with " + configVersion.id()));
      run.succeed();
      return registered;
    }
  }

  /**
   * Scores the model on its week's hold-out set and on the fixed reference set, registers the
   * evaluation report, and tags the model with the reference metrics the gate compares.
   */
  Evaluated evaluate(ArtifactVersion modelVersion, ArtifactVersion holdoutSet, ArtifactVersion referenceSet) {
    try (ActiveRun run = repo.runs().start(PIPELINE + "/evaluate", code)) {
      run.input(modelVersion);
      run.input(holdoutSet);
      run.input(referenceSet);
      ChurnModel model = loadModel(modelVersion);
      Evaluation holdout = model.evaluate(ChurnCsv.read(read(holdoutSet)));
      Evaluation reference = model.evaluate(ChurnCsv.read(read(referenceSet)));
      run.logMetric("auc", reference.auc());
      run.logMetric("log_loss", reference.logLoss());
      run.logMetric("holdout_auc", holdout.auc());
      run.logMetric("holdout_log_loss", holdout.logLoss());
      String json = String.format(Locale.ROOT,
          "{\"model\":\"%s\",\"reference\":{\"set\":\"%s\",\"auc\":%.6f,\"log_loss\":%.6f,\"rows\":%d},"
              + "\"holdout\":{\"set\":\"%s\",\"auc\":%.6f,\"log_loss\":%.6f,\"rows\":%d}}%n",
          modelVersion.id(), referenceSet.id(), reference.auc(), reference.logLoss(), reference.rows(),
          holdoutSet.id(), holdout.auc(), holdout.logLoss(), holdout.rows());
      ArtifactVersion report = run.register(NewVersion.of(EVALUATION, ArtifactKind.REPORT)
          .bytes(json.getBytes(StandardCharsets.UTF_8)).param("model", modelVersion.id().toString())
          .metric("auc", reference.auc()).metric("log_loss", reference.logLoss())
          .metric("holdout_auc", holdout.auc()).metric("holdout_log_loss", holdout.logLoss())
          .description("Evaluation of " + modelVersion.id()));
      repo.artifacts().setTag(modelVersion.id(), "evaluation", report.id().toString());
      repo.artifacts().setTag(modelVersion.id(), "auc", String.format(Locale.ROOT, "%.6f", reference.auc()));
      run.succeed();
      return new Evaluated(report, reference, holdout);
    }
  }

  /** Returns the reference AUC recorded for a model version by its evaluation. */
  double recordedAuc(ArtifactVersion modelVersion) {
    String evaluation = modelVersion.tags().get("evaluation");
    if (evaluation == null) {
      throw new IllegalStateException("Cannot compare with " + modelVersion.id()
          + ": it has no evaluation; run the evaluate stage on it first");
    }
    return repo.artifacts().resolve(evaluation).metric("auc").orElseThrow();
  }

  ChurnModel loadModel(ArtifactVersion modelVersion) {
    try (InputStream in = repo.artifacts().open(modelVersion)) {
      return ChurnModel.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + modelVersion.id() + ": " + e.getMessage(), e);
    }
  }

  byte[] read(ArtifactVersion version) {
    return bytes(version);
  }

  private byte[] bytes(ArtifactVersion version) {
    try (InputStream in = repo.artifacts().open(version)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }
}
