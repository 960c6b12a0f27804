package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.gates.PlanResult;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.PromotionPlan;
import dev.pedigree.gates.Verdict;
import dev.pedigree.objects.Digest;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.Reproduction;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.WeekConditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the weekly retraining of the churn model, one week at a time, against a repository
 * that keeps everything between weeks (and between processes: a CI job runs one week).
 *
 * <p>Each week: watch production against the week's known outcomes and roll it back in one
 * call when it does worse than the version before it; version the week's raw data; run the
 * pipeline (preprocess with the data-quality check → train → evaluate); run the promotion plan
 * (AUC gate → {@code staging} → integration check → AUC gate → {@code production}). A rejection
 * alerts through the promoter's listener and leaves production where it was.
 */
final class WeeklyRetraining implements AutoCloseable {
  static final String PRODUCTION = ChurnGates.PRODUCTION;
  static final String STAGING = ChurnGates.STAGING;

  private final Repository repo;
  private final ArtifactRegistry artifacts;
  private final Settings settings;
  private final ChurnDataGenerator generator;
  private final Monitoring monitoring;
  private final Promoter promoter;
  private final PromotionPlan plan;
  private final AlertCollector alerts;
  private final Path work;
  private final Engine engine;
  private byte[] referenceCsv;

  WeeklyRetraining(Repository repo, Settings settings, AlertCollector alerts) {
    this(repo, settings, alerts, Engine.IN_PROCESS);
  }

  WeeklyRetraining(Repository repo, Settings settings, AlertCollector alerts, Engine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.repo = Objects.requireNonNull(repo, "repo");
    this.artifacts = repo.artifacts();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.generator = new ChurnDataGenerator(settings.seed());
    this.monitoring = new Monitoring(repo);
    this.promoter = Promoter.builder(repo).listener(alerts).build();
    this.plan = ChurnGates.plan(repo, generator.batch(1, settings.batchCustomers()));
    try {
      this.work = Files.createTempDirectory("pedigree-churn-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a work directory: " + e.getMessage(), e);
    }
  }

  WeekOutcome runWeek(int week) {
    WeekConditions conditions = settings.plan().conditions(week);
    List<LabelledCustomer> rows = generator.week(week, settings.customersPerWeek(), conditions);
    double churnRate = rows.stream().filter(LabelledCustomer::churned).count() / (double) rows.size();

    // 1. Watch production against this week's outcomes, before anything new is trained.
    Optional<Monitoring.Result> watched = Optional.empty();
    Optional<AliasChange> rollback = Optional.empty();
    Optional<ArtifactVersion> production = artifacts.alias(ChurnPipeline.MODEL, PRODUCTION);
    if (production.isPresent()) {
      OptionalInt previous = previousHolder(production.get().number());
      if (previous.isPresent()) {
        Monitoring.Result result = monitoring.compare(production.get(),
            artifacts.version(new VersionId(ChurnPipeline.MODEL, previous.getAsInt())), rows);
        watched = Optional.of(result);
        if (result.rollBack()) {
          String reason = "week " + week + " monitoring: " + result.message();
          AliasChange change = promoter.rollback(ChurnPipeline.MODEL, PRODUCTION, reason);
          rollback = Optional.of(change);
          // Staging mirrors production between promotions; take it back too, so that the next
          // candidate's staging verdict names the restored model as its baseline.
          int restored = change.to().getAsInt();
          if (artifacts.alias(ChurnPipeline.MODEL, STAGING).filter(s -> s.number() != restored).isPresent()) {
            promoter.rollbackTo(ChurnPipeline.MODEL, STAGING, restored, reason);
          }
        }
      }
    }

    // 2. Version the inputs: this week's raw data, the config, the reference set.
    ArtifactVersion raw = artifacts.register(NewVersion.of(ChurnPipeline.RAW, ArtifactKind.DATASET)
        .bytes(ChurnCsv.write(rows)).tag("week", Integer.toString(week)).metric("rows", rows.size())
        .metric("churn_rate", churnRate).description("Customers and outcomes of week " + week
            + (conditions.equals(WeekConditions.healthy()) ? "" : " (" + conditions.describe() + ")"))
        .build());
    ArtifactVersion config = ensure(ChurnPipeline.CONFIG, ArtifactKind.CONFIG, settings.training().toJson(),
        "Hyperparameters of the churn classifier");
    ArtifactVersion reference = ensure(ChurnPipeline.REFERENCE_SET, ArtifactKind.DATASET, referenceCsv(),
        "Fixed, clean reference set every candidate and production model is scored on");

    // 3. The pipeline: preprocess (data quality) → train → evaluate, each stage a run.
    ChurnPipeline.Outcome pipeline = ChurnPipeline.run(repo, work, raw, config, reference, engine);
    if (!pipeline.succeeded()) {
      return outcome(week, conditions, raw, churnRate, pipeline, watched, rollback, List.of(),
          WeekOutcome.Decision.REJECTED_BY_DATA_QUALITY);
    }
    VersionId model = pipeline.model().orElseThrow();

    // 4. The promotion plan, judged against whatever holds production now (after any rollback).
    PlanResult promoted = plan.run(promoter, model);
    WeekOutcome.Decision decision;
    if (promoted.completed()) {
      decision = WeekOutcome.Decision.PROMOTED;
    } else {
      Verdict stopped = promoted.verdicts().stream().filter(Verdict::rejected).findFirst().orElseThrow();
      if (stopped.gate().equals(ChurnGates.INTEGRATION_GATE)) {
        alerts.verificationFailed(stopped);
        decision = WeekOutcome.Decision.REJECTED_BY_INTEGRATION;
      } else {
        decision = WeekOutcome.Decision.REJECTED_BY_GATE;
      }
    }
    return outcome(week, conditions, raw, churnRate, pipeline, watched, rollback, promoted.verdicts(), decision);
  }

  /**
   * Re-runs the stage that trained the model production holds, and the stages that made the
   * pipeline outputs it was trained on, each from the input versions, params and code identity
   * its run recorded, and compares the bytes each writes with the stored version. Nothing is
   * published.
   */
  List<Reproduction> reproduceProduction() {
    Optional<ArtifactVersion> production = artifacts.alias(ChurnPipeline.MODEL, PRODUCTION);
    if (production.isEmpty()) {
      return List.of();
    }
    // The declaration only supplies the stages' code: a reproduction takes every input version
    // from the run that made the version, not from these latest versions.
    var pipeline = ChurnPipeline.declare(repo, artifacts.latest(ChurnPipeline.RAW).orElseThrow(),
        artifacts.latest(ChurnPipeline.CONFIG).orElseThrow(), artifacts.latest(ChurnPipeline.REFERENCE_SET).orElseThrow(),
        new AtomicReference<>(), engine);
    PipelineRunner runner = PipelineRunner.on(repo).workDirectory(work.resolve("reproduce"));
    List<Reproduction> proofs = new ArrayList<>();
    proofs.add(runner.reproduce(pipeline, production.get().id()));
    String trainedBy = production.get().producedBy().orElseThrow();
    for (VersionId input : repo.runs().run(trainedBy).inputs()) {
      if (artifacts.version(input).producedBy().isPresent()) {
        proofs.add(runner.reproduce(pipeline, input));
      }
    }
    return proofs;
  }

  /** The version production held before its current holder arrived (not counting rollbacks). */
  OptionalInt previousHolder(int current) {
    for (AliasChange change : artifacts.aliasHistory(ChurnPipeline.MODEL, PRODUCTION)) {
      if (change.kind() != AliasChange.Kind.ROLLBACK && change.to().equals(OptionalInt.of(current))) {
        return change.from();
      }
    }
    return OptionalInt.empty();
  }

  private byte[] referenceCsv() {
    if (referenceCsv == null) {
      referenceCsv = ChurnCsv.write(generator.week(9_999, settings.referenceCustomers(), WeekConditions.healthy()));
    }
    return referenceCsv;
  }

  private ArtifactVersion ensure(String name, ArtifactKind kind, byte[] content, String description) {
    Optional<ArtifactVersion> latest = artifacts.latest(name);
    if (latest.isPresent() && latest.get().content().equals(Digest.of(content))) {
      return latest.get();
    }
    return artifacts.register(NewVersion.of(name, kind).bytes(content).description(description).build());
  }

  private WeekOutcome outcome(int week, WeekConditions conditions, ArtifactVersion raw, double churnRate,
      ChurnPipeline.Outcome pipeline, Optional<Monitoring.Result> watched, Optional<AliasChange> rollback,
      List<Verdict> verdicts, WeekOutcome.Decision decision) {
    Optional<Evaluation> reference = pipeline.evaluation().map(e -> new Evaluation(e.metric("auc").orElseThrow(),
        e.metric("log_loss").orElseThrow(), settings.referenceCustomers()));
    Optional<Evaluation> holdout = pipeline.evaluation().map(e -> new Evaluation(
        e.metric("holdout_auc").orElseThrow(), e.metric("holdout_log_loss").orElseThrow(),
        settings.customersPerWeek() / 4));
    return new WeekOutcome(week, conditions, raw.id(), churnRate, pipeline.quality(), pipeline.stages(), watched,
        rollback, pipeline.model(), reference, holdout, verdicts, decision, artifacts.aliases(ChurnPipeline.MODEL));
  }

  /** Deletes the work directory of the pipeline's stages. */
  @Override
  public void close() {
    try (var paths = Files.walk(work)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the work directory " + work + ": " + e.getMessage(), e);
    }
  }
}
