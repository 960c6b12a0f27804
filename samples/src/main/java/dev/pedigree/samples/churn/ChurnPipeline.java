package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.checks.ColumnType;
import dev.pedigree.checks.CsvTables;
import dev.pedigree.checks.DataQualityCheck;
import dev.pedigree.dsl.Pipelines;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.pipeline.OutputVersion;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.StageContext;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The churn pipeline, declared with the fluent DSL: three stages, each a run in the lineage.
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
 * <p>A failed data-quality check fails the {@code preprocess} stage; the later stages are then
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

  /**
   * Runs the pipeline on one week's inputs, with {@code work} for the stages' scratch files and
   * the preprocess stage on {@code engine}.
   */
  static Outcome run(Repository repo, Path work, ArtifactVersion raw, ArtifactVersion config,
      ArtifactVersion reference, Engine engine) {
    AtomicReference<CheckResult> quality = new AtomicReference<>();
    PipelineResult result = PipelineRunner.on(repo).workDirectory(work.resolve("stages"))
        .statCache(work.resolve("stat-cache")).run(declare(repo, raw, config, reference, quality, engine));
    if (quality.get() == null) {
      throw new IllegalStateException("Cannot run the churn pipeline: the preprocess stage did not check the data: "
          + result.stages());
    }
    List<String> stages = result.stages().stream()
        .map(s -> s.stage() + " " + s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList();
    if (!result.succeeded()) {
      if (!quality.get().blocking()) {
        throw new IllegalStateException("Cannot run the churn pipeline: " + result.stages());
      }
      return new Outcome(stages, quality.get(), Optional.empty(), Optional.empty());
    }
    VersionId model = result.stage("train").output(MODEL).map(OutputVersion::version).orElseThrow();
    VersionId evaluation = result.stage("evaluate").output(EVALUATION).map(OutputVersion::version).orElseThrow();
    return new Outcome(stages, quality.get(), Optional.of(model), Optional.of(repo.artifacts().version(evaluation)));
  }

  /**
   * Declares the pipeline for one week's inputs, with the preprocess stage on {@code engine}
   * (recorded as its {@code engine} param). The data-quality result of the preprocess stage is
   * handed back through {@code quality}.
   *
   * @throws EngineUnavailableException when the engine's classes are not on the class path
   */
  static Pipeline declare(Repository repo, ArtifactVersion raw, ArtifactVersion config, ArtifactVersion reference,
      AtomicReference<CheckResult> quality, Engine engine) {
    TrainingConfig training = TrainingConfig.fromJson(read(repo, config, null));
    return Pipelines.named(NAME)
        .stage("preprocess")
            .input("raw", raw.id().toString())
            .param("holdout_every", 4)
            .param("engine", engine.id())
            .output(FEATURES, ArtifactKind.DATASET)
            .codeVersion(CODE_VERSION)
            .action(engine.preprocess(quality))
        .stage("train")
            .input("features", Pipelines.stageOutput("preprocess", FEATURES))
            .input("config", config.id().toString())
            .param("epochs", training.epochs())
            .param("learning_rate", training.learningRate())
            .param("seed", training.seed())
            .output(MODEL, ArtifactKind.MODEL)
            .codeVersion(CODE_VERSION)
            .action(ChurnPipeline::train)
        .stage("evaluate")
            .input("model", Pipelines.stageOutput("train", MODEL))
            .input("features", Pipelines.stageOutput("preprocess", FEATURES))
            .input("reference", reference.id().toString())
            .output(EVALUATION, ArtifactKind.REPORT)
            .codeVersion(CODE_VERSION)
            .action(ChurnPipeline::evaluate)
        .build();
  }

  /** The preprocess stage in this JVM. */
  static void preprocess(StageContext ctx, AtomicReference<CheckResult> quality) throws IOException {
    Path raw = checkRaw(ctx, quality);
    List<LabelledCustomer> rows = ChurnCsv.read(Files.readAllBytes(raw));
    int every = Integer.parseInt(ctx.param("holdout_every"));
    List<LabelledCustomer> train = new ArrayList<>();
    List<LabelledCustomer> holdout = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      (i % every == every - 1 ? holdout : train).add(rows.get(i));
    }
    Path out = ctx.output(FEATURES);
    Files.write(out.resolve("train.csv"), ChurnCsv.write(train));
    Files.write(out.resolve("holdout.csv"), ChurnCsv.write(holdout));
    recordSplit(ctx, train.size(), holdout.size(), rows.stream().filter(LabelledCustomer::churned).count());
  }

  /**
   * The first step of preprocessing on any engine: the data-quality check of the raw input,
   * handed back through {@code quality} and recorded as metric {@code dq_passed}.
   *
   * @return the raw input's file
   * @throws IllegalStateException when the check blocks, which fails the stage
   */
  static Path checkRaw(StageContext ctx, AtomicReference<CheckResult> quality) {
    Path raw = ctx.input("raw");
    CheckResult result = RAW_QUALITY.evaluate(CsvTables.file(raw));
    quality.set(result);
    ctx.metric("dq_passed", result.blocking() ? 0 : 1);
    if (result.blocking()) {
      throw new IllegalStateException("Cannot prepare the week's data: " + result.evidence().summary());
    }
    return raw;
  }

  /** The last step of preprocessing on any engine: the split's metrics. */
  static void recordSplit(StageContext ctx, long trainRows, long holdoutRows, long churned) {
    ctx.metric("train_rows", trainRows);
    ctx.metric("holdout_rows", holdoutRows);
    ctx.metric("churn_rate", churned / (double) (trainRows + holdoutRows));
  }

  private static void train(StageContext ctx) throws IOException {
    TrainingConfig config = new TrainingConfig(Integer.parseInt(ctx.param("epochs")),
        Double.parseDouble(ctx.param("learning_rate")), Long.parseLong(ctx.param("seed")));
    List<LabelledCustomer> rows = ChurnCsv.read(Files.readAllBytes(ctx.input("features").resolve("train.csv")));
    ChurnModel model = ChurnModel.train(rows, config);
    ctx.metric("train_log_loss", model.evaluate(rows).logLoss());
    Files.write(ctx.output(MODEL).resolve(MODEL_FILE), model.toBytes());
  }

  private static void evaluate(StageContext ctx) throws IOException {
    ChurnModel model = ChurnModel.fromBytes(Files.readAllBytes(ctx.input("model").resolve(MODEL_FILE)));
    Evaluation holdout = model.evaluate(ChurnCsv.read(Files.readAllBytes(ctx.input("features").resolve("holdout.csv"))));
    Evaluation reference = model.evaluate(ChurnCsv.read(Files.readAllBytes(ctx.input("reference"))));
    ctx.metric("auc", reference.auc());
    ctx.metric("log_loss", reference.logLoss());
    ctx.metric("holdout_auc", holdout.auc());
    ctx.metric("holdout_log_loss", holdout.logLoss());
    Files.writeString(ctx.output(EVALUATION).resolve("evaluation.json"), String.format(Locale.ROOT,
        "{\"reference\":{\"auc\":%.6f,\"log_loss\":%.6f,\"rows\":%d},\"holdout\":{\"auc\":%.6f,\"log_loss\":%.6f,"
            + "\"rows\":%d}}%n", reference.auc(), reference.logLoss(), reference.rows(), holdout.auc(),
        holdout.logLoss(), holdout.rows()));
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

  /** Reads a file version, or one file of a directory version. */
  static byte[] read(Repository repo, ArtifactVersion version, String fileInDirectory) {
    try {
      if (version.layout() == ContentLayout.FILE) {
        try (InputStream in = repo.artifacts().open(version)) {
          return in.readAllBytes();
        }
      }
      try (InputStream in = repo.artifacts().open(version, fileInDirectory)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }
}
