package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.WeekConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs the weekly retraining of the churn model, one week at a time, against a repository
 * that keeps everything between weeks (and between processes: a CI job runs one week).
 *
 * <p>Each week: watch production against the week's known outcomes (and roll it back in one
 * call when it does worse than the version before it); version the week's raw data; run the
 * pipeline (preprocess with data-quality checks → train → evaluate); gate the candidate against
 * production; on a pass, move it to {@code staging}, run the integration check on the staged
 * model, then move it to {@code production}; on a failure, alert and leave production alone.
 */
final class WeeklyRetraining {
  static final String PRODUCTION = "production";
  static final String STAGING = "staging";

  private final Repository repo;
  private final ArtifactRegistry artifacts;
  private final Settings settings;
  private final ChurnDataGenerator generator;
  private final ChurnStages stages;
  private final AucGate gate;
  private final Monitoring monitoring;
  private final IntegrationCheck integration;
  private final List<PromotionListener> listeners;
  private byte[] referenceCsv;

  WeeklyRetraining(Repository repo, Settings settings, CodeVersion code, List<PromotionListener> listeners) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.artifacts = repo.artifacts();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.generator = new ChurnDataGenerator(settings.seed());
    this.stages = new ChurnStages(repo, code);
    this.gate = new AucGate(repo, stages);
    this.monitoring = new Monitoring(stages);
    this.integration = new IntegrationCheck(stages, generator.batch(1, settings.batchCustomers()));
    this.listeners = List.copyOf(listeners);
  }

  ChurnStages stages() {
    return stages;
  }

  WeekOutcome runWeek(int week) {
    WeekConditions conditions = settings.plan().conditions(week);
    List<LabelledCustomer> rows = generator.week(week, settings.customersPerWeek(), conditions);
    double churnRate = rows.stream().filter(LabelledCustomer::churned).count() / (double) rows.size();

    // 1. Watch production against this week's outcomes, before anything new is trained.
    Optional<Monitoring.Result> watched = Optional.empty();
    Optional<AliasChange> rollback = Optional.empty();
    Optional<ArtifactVersion> production = artifacts.alias(ChurnStages.MODEL, PRODUCTION);
    if (production.isPresent()) {
      OptionalInt previous = previousHolder(production.get().number());
      if (previous.isPresent()) {
        Monitoring.Result result = monitoring.compare(production.get(),
            artifacts.version(new VersionId(ChurnStages.MODEL, previous.getAsInt())), rows);
        watched = Optional.of(result);
        if (!result.healthy()) {
          AliasChange change = artifacts.rollback(ChurnStages.MODEL, PRODUCTION, "week " + week + " monitoring: "
              + result.message());
          rollback = Optional.of(change);
          listeners.forEach(l -> l.rolledBack(change));
        }
      }
    }

    // 2. Version the inputs: this week's raw data, the config, the reference set.
    ArtifactVersion raw = artifacts.register(NewVersion.of(ChurnStages.RAW, ArtifactKind.DATASET)
        .bytes(ChurnCsv.write(rows)).tag("week", Integer.toString(week)).metric("rows", rows.size())
        .metric("churn_rate", churnRate).description("Customers and outcomes of week " + week
            + (conditions.labelNoise() > 0 || conditions.contractCodesSwapped() ? " (" + conditions.describe() + ")" : ""))
        .build());
    ArtifactVersion config = ensure(ChurnStages.CONFIG, ArtifactKind.CONFIG, settings.training().toJson(),
        "Hyperparameters of the churn classifier");
    ArtifactVersion reference = ensure(ChurnStages.REFERENCE_SET, ArtifactKind.DATASET,
        referenceCsv(),
        "Fixed, clean reference set every candidate and production model is scored on");

    // 3. The pipeline.
    ChurnStages.Prepared prepared = stages.preprocess(raw);
    if (!prepared.quality().passed()) {
      return outcome(week, conditions, raw, churnRate, prepared.quality(), watched, rollback, null, null, null, null,
          WeekOutcome.Decision.REJECTED_BY_DATA_QUALITY);
    }
    ArtifactVersion model = stages.train(prepared.trainSet(), config);
    ChurnStages.Evaluated evaluated = stages.evaluate(model, prepared.holdoutSet(), reference);
    ArtifactVersion candidate = artifacts.version(model.id());

    // 4. The gate against whatever holds production now (after any rollback).
    production = artifacts.alias(ChurnStages.MODEL, PRODUCTION);
    GateVerdict verdict = gate.evaluate(week, candidate, production);
    if (!verdict.passed()) {
      listeners.forEach(l -> l.rejected(verdict));
      return outcome(week, conditions, raw, churnRate, prepared.quality(), watched, rollback, candidate, evaluated,
          verdict, null, WeekOutcome.Decision.REJECTED_BY_GATE);
    }

    // 5. Staged promotion: staging, integration check on the staged model, production.
    OptionalInt staged = holder(STAGING);
    artifacts.move(AliasMove.of(ChurnStages.MODEL, STAGING).to(candidate.number()).expecting(staged)
        .kind(AliasChange.Kind.PROMOTION).reason("week " + week + ": passed " + AucGate.NAME).build());
    IntegrationCheck.Result checked = integration.run(artifacts.alias(ChurnStages.MODEL, STAGING).orElseThrow());
    List<GateVerdict.Check> checks = new ArrayList<>(verdict.checks());
    checks.add(new GateVerdict.Check("integration-in-staging", checked.passed(), checked.message(),
        java.util.Map.of("scored", Integer.toString(checked.scored()),
            "mean_churn_probability", String.format(Locale.ROOT, "%.4f", checked.meanChurnProbability()))));
    GateVerdict full = new GateVerdict(verdict.gate(), week, verdict.candidate(), verdict.baseline(), checks);
    if (!checked.passed()) {
      listeners.forEach(l -> l.rejected(full));
      return outcome(week, conditions, raw, churnRate, prepared.quality(), watched, rollback, candidate, evaluated,
          full, checked, WeekOutcome.Decision.REJECTED_BY_INTEGRATION);
    }
    AliasChange promoted = artifacts.move(AliasMove.of(ChurnStages.MODEL, PRODUCTION).to(candidate.number())
        .expecting(production.map(v -> OptionalInt.of(v.number())).orElse(OptionalInt.empty()))
        .kind(AliasChange.Kind.PROMOTION).reason("week " + week + ": " + full.summary()).build());
    listeners.forEach(l -> l.promoted(full, promoted));
    return outcome(week, conditions, raw, churnRate, prepared.quality(), watched, rollback, candidate, evaluated, full,
        checked, WeekOutcome.Decision.PROMOTED);
  }

  private byte[] referenceCsv() {
    if (referenceCsv == null) {
      referenceCsv = ChurnCsv.write(generator.week(9_999, settings.referenceCustomers(), WeekConditions.healthy()));
    }
    return referenceCsv;
  }

  /** The version production held before its current holder arrived (not counting rollbacks). */
  OptionalInt previousHolder(int current) {
    for (AliasChange change : artifacts.aliasHistory(ChurnStages.MODEL, PRODUCTION)) {
      if (change.kind() != AliasChange.Kind.ROLLBACK && change.to().equals(OptionalInt.of(current))) {
        return change.from();
      }
    }
    return OptionalInt.empty();
  }

  private OptionalInt holder(String alias) {
    return artifacts.alias(ChurnStages.MODEL, alias).map(v -> OptionalInt.of(v.number())).orElse(OptionalInt.empty());
  }

  private ArtifactVersion ensure(String name, ArtifactKind kind, byte[] content, String description) {
    Optional<ArtifactVersion> latest = artifacts.latest(name);
    if (latest.isPresent() && latest.get().content().equals(Digest.of(content))) {
      return latest.get();
    }
    return artifacts.register(NewVersion.of(name, kind).bytes(content).description(description).build());
  }

  private WeekOutcome outcome(int week, WeekConditions conditions, ArtifactVersion raw, double churnRate,
      DataQuality.Report quality, Optional<Monitoring.Result> watched, Optional<AliasChange> rollback,
      ArtifactVersion candidate, ChurnStages.Evaluated evaluated, GateVerdict verdict, IntegrationCheck.Result checked,
      WeekOutcome.Decision decision) {
    return new WeekOutcome(week, conditions, raw.id(), churnRate, quality, watched, rollback,
        Optional.ofNullable(candidate).map(ArtifactVersion::id),
        Optional.ofNullable(evaluated).map(ChurnStages.Evaluated::reference),
        Optional.ofNullable(evaluated).map(ChurnStages.Evaluated::holdout), Optional.ofNullable(verdict),
        Optional.ofNullable(checked), decision, artifacts.aliases(ChurnStages.MODEL));
  }
}
