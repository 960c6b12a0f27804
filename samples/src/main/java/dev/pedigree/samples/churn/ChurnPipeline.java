package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.checks.ColumnType;
import dev.pedigree.checks.CsvTables;
import dev.pedigree.checks.DataQualityCheck;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The churn pipeline: three stages, each a run in the lineage.
 *
 * <p>Interim: the stages are recorded with the core run API until the pipeline DSL
 * ({@code dev.pedigree.dsl}) lands on main; the stages, artifacts and lineage are the same.
 *
 * <ul>
 *   <li>{@code preprocess}: the week's raw data passes the data-quality check, then is split
 *       (every fourth customer to the hold-out set) into {@value #FEATURES};</li>
 *   <li>{@code train}: a logistic regression on the training split, with the versioned config,
 *       packaged as {@value #MODEL};</li>
 *   <li>{@code evaluate}: AUC and log loss on the week's hold-out split and on the fixed
 *       reference set, recorded as metrics of {@value #EVALUATION}.</li>
 * </ul>
 *
 * <p>A failed data-quality check fails the {@code preprocess} run; the later stages are then
 * skipped and nothing is registered.
 */
final class ChurnPipeline {
  static final String NAME = "churn";
  static final String RAW = "churn-raw";
  static final String FEATURES = "churn-features";
  static final String REFERENCE_SET = "churn-reference";
  static final String CONFIG = "churn-config";
  static final String MODEL = "churn-model";
  static final String EVALUATION = "churn-eval";
  static final String CODE_VERSION = "churn-sample-1";
  static final String MODEL_FILE = "model.zip";

  /** The data-quality rules of the raw data: the library's check over the CSV. */
  static final DataQualityCheck RAW_QUALITY = DataQualityCheck.named("raw-data-quality")
      .column("customer_id", ColumnType.STRING).unique("customer_id").maxNullFraction("customer_id", 0)
      .column("tenure_months", ColumnType.INTEGER).range("tenure_months", 0, 120).maxNullFraction("tenure_months", 0)
      .column("monthly_charges", ColumnType.DECIMAL).range("monthly_charges", 0, 1000)
      .maxNullFraction("monthly_charges", 0)
      .column("contract", ColumnType.STRING).allowedValues("contract",
          Arrays.stream(Contract.values()).map(Contract::code).toArray(String[]::new)).maxNullFraction("contract", 0)
      .column("support_calls", ColumnType.INTEGER).range("support_calls", 0, 50).maxNullFraction("support_calls", 0)
      .column("churned", ColumnType.INTEGER).allowedValues("churned", "0", "1").maxNullFraction("churned", 0)
      .rowCount(200, 10_000_000)
      .build();

  private ChurnPipeline() {
  }

  /**
   * What one run of the pipeline produced.
   *
   * @param stages each stage and how it ended, such as {@code "train ran"}
   * @param quality the data-quality check's result
   * @param model the model version, when the pipeline got that far
   * @param evaluation the evaluation version, when the pipeline got that far
   */
  record Outcome(List<String> stages, CheckResult quality, Optional<VersionId> model,
      Optional<ArtifactVersion> evaluation) {
    Outcome {
      stages = List.copyOf(stages);
    }

    boolean succeeded() {
      return model.isPresent() && evaluation.isPresent();
    }
  }

  /** Runs the pipeline on one week's inputs, with {@code work} for the stages' scratch files. */
  static Outcome run(Repository repo, Path work, ArtifactVersion raw, ArtifactVersion config,
      ArtifactVersion reference) {
    CodeVersion code = CodeVersion.of(CODE_VERSION);
    ArtifactVersion features;
    CheckResult quality;
    try (ActiveRun run = repo.runs().start(NAME + "/preprocess", code)) {
      run.input(raw);
      run.param("holdout_every", "4");
      byte[] csv = read(repo, raw, null);
      quality = RAW_QUALITY.evaluate(CsvTables.text(raw.id().toString(), new String(csv, StandardCharsets.UTF_8)));
      run.logMetric("dq_passed", quality.blocking() ? 0 : 1);
      if (quality.blocking()) {
        run.fail(new IllegalStateException("Cannot prepare the week's data: " + quality.evidence().summary()));
        return new Outcome(List.of("preprocess failed", "train skipped upstream failed",
            "evaluate skipped upstream failed"), quality, Optional.empty(), Optional.empty());
      }
      List<LabelledCustomer> rows = ChurnCsv.read(csv);
      List<LabelledCustomer> train = new ArrayList<>();
      List<LabelledCustomer> holdout = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        (i % 4 == 3 ? holdout : train).add(rows.get(i));
      }
      Path dir = Files.createDirectories(work.resolve("features-" + raw.number()));
      Files.write(dir.resolve("train.csv"), ChurnCsv.write(train));
      Files.write(dir.resolve("holdout.csv"), ChurnCsv.write(holdout));
      run.logMetric("train_rows", train.size());
      run.logMetric("holdout_rows", holdout.size());
      features = run.register(NewVersion.of(FEATURES, ArtifactKind.DATASET).directory(dir)
          .param("holdout_every", "4").metric("train_rows", train.size()).metric("holdout_rows", holdout.size()));
      run.succeed();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the week's data: " + e.getMessage(), e);
    }

    ArtifactVersion model;
    try (ActiveRun run = repo.runs().start(NAME + "/train", code)) {
      run.input(features);
      run.input(config);
      TrainingConfig training = TrainingConfig.fromJson(read(repo, config, null));
      training.asParams().forEach(run::param);
      List<LabelledCustomer> rows = ChurnCsv.read(read(repo, features, "train.csv"));
      ChurnModel trained = ChurnModel.train(rows, training);
      double trainLoss = trained.evaluate(rows).logLoss();
      run.logMetric("train_log_loss", trainLoss);
      model = run.register(NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(trained.toBytes())
          .params(training.asParams()).metric("train_log_loss", trainLoss));
      run.succeed();
    }

    ArtifactVersion evaluation;
    try (ActiveRun run = repo.runs().start(NAME + "/evaluate", code)) {
      run.input(model);
      run.input(features);
      run.input(reference);
      ChurnModel loaded = loadModel(repo, model);
      Evaluation holdout = loaded.evaluate(ChurnCsv.read(read(repo, features, "holdout.csv")));
      Evaluation ref = loaded.evaluate(ChurnCsv.read(read(repo, reference, null)));
      run.logMetric("auc", ref.auc());
      run.logMetric("log_loss", ref.logLoss());
      run.logMetric("holdout_auc", holdout.auc());
      run.logMetric("holdout_log_loss", holdout.logLoss());
      String json = String.format(Locale.ROOT,
          "{\"reference\":{\"auc\":%.6f,\"log_loss\":%.6f,\"rows\":%d},\"holdout\":{\"auc\":%.6f,\"log_loss\":%.6f,"
              + "\"rows\":%d}}%n", ref.auc(), ref.logLoss(), ref.rows(), holdout.auc(), holdout.logLoss(),
          holdout.rows());
      evaluation = run.register(NewVersion.of(EVALUATION, ArtifactKind.REPORT).bytes(json.getBytes(StandardCharsets.UTF_8))
          .metric("auc", ref.auc()).metric("log_loss", ref.logLoss()).metric("holdout_auc", holdout.auc())
          .metric("holdout_log_loss", holdout.logLoss()));
      run.succeed();
    }
    return new Outcome(List.of("preprocess ran", "train ran", "evaluate ran"), quality, Optional.of(model.id()),
        Optional.of(evaluation));
  }

  /**
   * Finds the evaluation of a model version through the lineage: the newest successful
   * {@code churn/evaluate} run that read it, and the evaluation version that run registered.
   */
  static Optional<ArtifactVersion> evaluationOf(Repository repo, ArtifactVersion model) {
    return repo.runs().consumersOf(model.id()).map(repo.runs()::run)
        .filter(r -> r.job().equals(NAME + "/evaluate") && r.status() == RunStatus.SUCCEEDED)
        .max(Comparator.comparing(Run::startedAt))
        .flatMap(r -> r.outputs().stream().filter(v -> v.artifact().equals(EVALUATION)).findFirst())
        .map(repo.artifacts()::version);
  }

  /** Loads a packaged model version, whether stored as a file or as the train stage's output directory. */
  static ChurnModel loadModel(Repository repo, ArtifactVersion version) {
    return ChurnModel.fromBytes(read(repo, version, MODEL_FILE));
  }

  /** Reads a file version, or one file ({@code fileInDirectory}) of a directory version. */
  static byte[] read(Repository repo, ArtifactVersion version, String fileInDirectory) {
    try {
      if (version.layout() == ContentLayout.FILE) {
        try (InputStream in = repo.artifacts().open(version)) {
          return in.readAllBytes();
        }
      }
      ManifestEntry entry = repo.objects().readManifest(version.content()).entry(fileInDirectory).orElseThrow(() ->
          new IllegalStateException("Cannot read " + version.id() + ": it holds no " + fileInDirectory));
      try (InputStream in = repo.objects().open(entry.digest())) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }
}
