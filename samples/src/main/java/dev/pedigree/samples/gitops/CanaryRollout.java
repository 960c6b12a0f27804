package dev.pedigree.samples.gitops;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.checks.CanaryCheck;
import dev.pedigree.checks.CanaryJudge;
import dev.pedigree.checks.CanaryMetric;
import dev.pedigree.checks.CanaryReport;
import dev.pedigree.checks.CanaryRollback;
import dev.pedigree.checks.CanarySamples;
import dev.pedigree.checks.CsvTables;
import dev.pedigree.checks.FeatureProfile;
import dev.pedigree.checks.ShadowCheck;
import dev.pedigree.checks.ShadowSamples;
import dev.pedigree.checks.SkewCheck;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.samples.serving.Predictor;
import dev.pedigree.serving.ShadowRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The GitOps flow: feature-definition changes validated and versioned; for each rollout, data
 * checked against the definitions, a canary training run gated on AUC (its version records the
 * digest of the feature definitions and a {@link FeatureProfile} of its training data), the
 * candidate shadowed beside the stable model on mirrored requests and judged by a
 * {@link ShadowCheck}, then written into the GitOps repository as a canary, simulated traffic
 * analysed, and the canary promoted to stable (a commit) or rolled back (its commit reverted,
 * the alias moved back). {@link #checkServingSkew} compares what serving sees with the stable
 * model's training profile. Every decision is in the audit log.
 */
public final class CanaryRollout {
  /** The artifact holding the feature definitions. */
  public static final String FEATURES = "churn-feature-defs";
  /** The model artifact. */
  public static final String MODEL = "gitops-model";
  /** The alias of the stable model. */
  public static final String PRODUCTION = "production";
  /** The alias of the model under canary analysis. */
  public static final String CANARY = "canary";
  /** The lowest AUC the canary training run accepts. */
  public static final double MIN_AUC = 0.75;
  /** The canary's share of traffic, in percent. */
  public static final int CANARY_WEIGHT = 10;
  /** The alias of the feature definitions that passed the schema gate. */
  public static final String APPROVED = "approved";

  /** Feature definitions are approved only through the schema check. */
  public static final Gate FEATURE_GATE = Gate.named("feature-definitions").require(FeatureDefinitions.SCHEMA_CHECK)
      .build();
  /**
   * Returns the shadow gate over recorded samples: on mirrored requests, the candidate must take
   * the stable model's churn decision (probability at least 0.5) on 90% of customers, flip at
   * most 10% of them, and move probabilities by at most 0.1 on average.
   *
   * @param samples what the shadow run recorded
   * @return the gate
   */
  public static Gate shadowGate(ShadowSamples samples) {
    return Gate.named("shadow").require(ShadowCheck.named("shadow-agreement").samples(ctx -> samples)
        .minAgreement(0.90).positiveLabel(ChurnModel.CHURN).maxFlipRate(0.10).maxMeanAbsDifference(0.10)
        .minSamples(100).build()).build();
  }
  /** The skew check of serving features against the stable model's training profile. */
  public static final SkewCheck SKEW = SkewCheck.named("serving-skew").maxPsi(0.2).maxNullRateIncrease(0.05)
      .maxUnseenCategoryShare(0.01).build();
  /** The canary training run's gate. */
  public static final Gate TRAINING_GATE = Gate.named("canary-training")
      .require(MetricCheck.named("auc-minimum").metric("auc").atLeast(MIN_AUC).build()).build();
  /**
   * The canary judge: latency may be up to 10% worse than the baseline's median, the error
   * rate no worse, each judged by a one-sided Mann–Whitney test at the 1% level.
   */
  public static final CanaryJudge JUDGE = CanaryJudge.builder().significance(0.01)
      .metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.10).minSamples(30))
      .metric(CanaryMetric.higherIsWorse("error_rate").allowing(0.0).minSamples(10)).build();

  private final Repository repo;
  private final GitOpsRepository git;
  private final long seed;
  private final ChurnDataGenerator generator;
  private final List<LabelledCustomer> reference;
  private final Promoter promoter;

  /**
   * Creates the flow.
   *
   * @param repo the Pedigree repository
   * @param git the GitOps repository
   * @param seed the seed of data and simulated traffic
   */
  public CanaryRollout(Repository repo, GitOpsRepository git, long seed) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.git = Objects.requireNonNull(git, "git");
    this.seed = seed;
    this.generator = new ChurnDataGenerator(seed);
    this.reference = generator.week(9_999, 1500, WeekConditions.healthy());
    this.promoter = Promoter.of(repo);
  }

  /**
   * The outcome of a proposed feature-definition change.
   *
   * @param accepted whether it passed the schema gate and now holds {@value #APPROVED}
   * @param version the version it was registered as (rejected ones too, never approved)
   * @param problems the schema problems, each naming the offending field, when rejected
   */
  public record FeatureChange(boolean accepted, Optional<VersionId> version, List<String> problems) {
    /** Copies the problems. */
    public FeatureChange {
      problems = List.copyOf(problems);
    }
  }

  /**
   * The outcome of one rollout.
   *
   * @param model the model version rolled out, empty when it never got that far
   * @param decision what happened
   * @param detail why, in a sentence
   * @param canary the canary analysis, when one ran
   * @param commits the GitOps commits this rollout made, oldest first
   * @param shadow the shadow gate's verdict, when the candidate was shadowed
   */
  public record Rollout(Optional<VersionId> model, Decision decision, String detail,
      Optional<CanaryReport> canary, List<String> commits, Optional<Verdict> shadow) {
    /** Copies the commits. */
    public Rollout {
      commits = List.copyOf(commits);
    }
  }

  /** What a rollout did. */
  public enum Decision {
    /** The first model went straight to stable: there was nothing to compare a canary with. */
    DEPLOYED_FIRST,
    /** The canary was healthy and became stable. */
    PROMOTED,
    /** The canary was degraded; its commit was reverted and the canary alias moved back. */
    ROLLED_BACK,
    /** The data did not fit the feature definitions; nothing was trained. */
    REJECTED_DATA,
    /** The canary training run's model was not good enough; nothing was deployed. */
    REJECTED_TRAINING,
    /** Shadowed beside the stable model, the candidate disagreed too much; it never got traffic. */
    REJECTED_SHADOW
  }

  /**
   * Proposes a feature-definition change: registers it as a version and promotes it to
   * {@value #APPROVED} through the schema gate. A version that breaks the schema stays
   * unapproved; the promoter audits the verdict either way.
   *
   * @param yaml the new definitions
   * @param reason why they change
   * @return the outcome
   */
  public FeatureChange proposeFeatures(String yaml, String reason) {
    ArtifactVersion version = repo.artifacts().register(NewVersion.of(FEATURES, ArtifactKind.FEATURES)
        .bytes(yaml.getBytes(StandardCharsets.UTF_8)).description(reason).build());
    Promotion promotion = promoter.promote(version.id(), APPROVED, FEATURE_GATE);
    return new FeatureChange(promotion.promoted(), Optional.of(version.id()),
        promotion.promoted() ? List.of() : FeatureDefinitions.validate(yaml));
  }

  /**
   * Runs one rollout.
   *
   * @param round the rollout's number (its data and traffic differ from every other's)
   * @param degradedCanary whether the simulated canary traffic is slow and error-prone
   * @return what happened
   */
  public Rollout rollout(int round, boolean degradedCanary) {
    ArtifactVersion features = repo.artifacts().alias(FEATURES, APPROVED).orElseThrow(() -> new IllegalStateException(
        "Cannot roll out: no feature definitions are approved; call proposeFeatures first"));
    String yaml = text(features);
    List<LabelledCustomer> sample = generator.week(round, 1500, WeekConditions.healthy());
    List<String> dataProblems = FeatureDefinitions.checkData(yaml, sample);
    if (!dataProblems.isEmpty()) {
      repo.audit().append(AuditEventType.GATE_VERDICT, features.id().toString(), repo.actor(),
          Map.of("gate", "feature-data-quality", "passed", "false", "problems", String.join("; ", dataProblems)));
      return new Rollout(Optional.empty(), Decision.REJECTED_DATA, String.join("; ", dataProblems), Optional.empty(),
          List.of(), Optional.empty());
    }

    ArtifactVersion model;
    Evaluation evaluation;
    try (ActiveRun run = repo.runs().start("gitops/canary-training", CodeVersion.of("pedigree-samples"))) {
      run.input(features);
      run.param("round", Integer.toString(round));
      ChurnModel trained = ChurnModel.train(sample, TrainingConfig.defaults());
      evaluation = trained.evaluate(reference);
      run.logMetric("auc", evaluation.auc());
      FeatureProfile profile = FeatureProfile.builder(features.content().toString())
          .numeric("tenure_months", "monthly_charges", "support_calls").categorical("contract")
          .profile(CsvTables.text("round " + round + " training data",
              new String(ChurnCsv.write(sample), StandardCharsets.UTF_8)));
      model = run.register(NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(trained.toBytes())
          .param(FeatureProfile.PARAM, profile.toJson())
          .metric("auc", evaluation.auc()).metric("log_loss", evaluation.logLoss())
          .description("Canary training run " + round + " on " + features.id()).build());
      run.succeed();
    }
    Verdict trainingVerdict = promoter.evaluate(model.id(), CANARY, TRAINING_GATE);
    if (trainingVerdict.rejected()) {
      return new Rollout(Optional.of(model.id()), Decision.REJECTED_TRAINING, trainingVerdict.summary(), Optional.empty(),
          List.of(), Optional.empty());
    }
    String trainingSummary = String.format(Locale.ROOT, "canary training passed (AUC %.4f, minimum %.2f)",
        evaluation.auc(), MIN_AUC);

    HelmValues.ModelRef candidate = new HelmValues.ModelRef(model.id().toString(), model.content().toString());
    Optional<ArtifactVersion> stable = repo.artifacts().alias(MODEL, PRODUCTION);
    if (stable.isEmpty()) {
      String commit = git.commitValues(new HelmValues(Optional.of(candidate), Optional.empty(), 0),
          "Deploy " + model.id() + " (" + model.content().shortHex() + ") as stable\n\nVerdict: " + trainingSummary
              + "; first deployment, no baseline for a canary.\n");
      repo.artifacts().move(AliasMove.of(MODEL, PRODUCTION).to(model.number()).expectingAbsent()
          .kind(AliasChange.Kind.PROMOTION).reason("first deployment: " + trainingSummary + "; commit " + commit).build());
      repo.artifacts().move(AliasMove.of(MODEL, CANARY).to(model.number()).expectingAbsent()
          .kind(AliasChange.Kind.PROMOTION).reason("first deployment: no canary phase; commit " + commit).build());
      return new Rollout(Optional.of(model.id()), Decision.DEPLOYED_FIRST, trainingSummary, Optional.empty(),
          List.of(commit), Optional.empty());
    }

    // Shadow the candidate beside the stable model on mirrored requests before it gets any traffic.
    Verdict shadow = shadow(round, stable.get(), ChurnModel.fromBytes(trainedBytes(model)), model);
    if (shadow.rejected()) {
      return new Rollout(Optional.of(model.id()), Decision.REJECTED_SHADOW, shadow.summary(), Optional.empty(),
          List.of(), Optional.of(shadow));
    }

    HelmValues.ModelRef current = new HelmValues.ModelRef(stable.get().id().toString(), stable.get().content().toString());
    String canaryCommit = git.commitValues(new HelmValues(Optional.of(current), Optional.of(candidate), CANARY_WEIGHT),
        "Canary " + model.id() + " (" + model.content().shortHex() + ") at " + CANARY_WEIGHT + "% of traffic\n\n"
            + "Verdict: " + trainingSummary + "; stable stays " + stable.get().id() + ".\n");
    OptionalInt canaryHolder = repo.artifacts().alias(MODEL, CANARY).map(v -> OptionalInt.of(v.number()))
        .orElse(OptionalInt.empty());
    repo.artifacts().move(AliasMove.of(MODEL, CANARY).to(model.number()).expecting(canaryHolder)
        .kind(AliasChange.Kind.PROMOTION).reason("canary rollout; commit " + canaryCommit).build());

    long trafficSeed = seed * 31 + round * 2L;
    TrafficSample baseline = TrafficSample.simulate(trafficSeed, 2000, 40, 0.005);
    TrafficSample canary = degradedCanary ? TrafficSample.simulate(trafficSeed + 1, 400, 56, 0.035)
        : TrafficSample.simulate(trafficSeed + 1, 400, 40, 0.005);
    CanarySamples samples = new CanarySamples(baseline.samples(), canary.samples());
    CanaryReport report = JUDGE.judge(samples.baseline(), samples.canary());
    Gate canaryGate = Gate.named("canary-analysis").require(CanaryCheck.of("canary", JUDGE, ctx -> samples)).build();
    Promotion promotion = promoter.promote(model.id(), PRODUCTION, canaryGate);

    if (promotion.promoted()) {
      String promote = git.commitValues(new HelmValues(Optional.of(candidate), Optional.empty(), 0),
          "Promote " + model.id() + " (" + model.content().shortHex() + ") to stable\n\nVerdict: "
              + report.summary() + "\n");
      return new Rollout(Optional.of(model.id()), Decision.PROMOTED, report.summary(), Optional.of(report),
          List.of(canaryCommit, promote), Optional.of(shadow));
    }
    String revert = git.revert(canaryCommit);
    CanaryRollback.apply(promoter, MODEL, CANARY, report).orElseThrow(() -> new IllegalStateException(
        "Cannot roll back the canary of " + model.id() + ": the analysis says " + report.decision()));
    repo.audit().append(AuditEventType.CUSTOM, model.id().toString(), repo.actor(), Map.of("action", "gitops-revert",
        "reverted", canaryCommit, "revert", revert, "reason", report.summary()));
    return new Rollout(Optional.of(model.id()), Decision.ROLLED_BACK, report.summary(), Optional.of(report),
        List.of(canaryCommit, revert), Optional.of(shadow));
  }

  private Verdict shadow(int round, ArtifactVersion stable, ChurnModel candidate, ArtifactVersion model) {
    ChurnModel production = ChurnModel.fromBytes(trainedBytes(stable));
    List<LabelledCustomer> mirrored = generator.week(round * 1000 + 7, 300, WeekConditions.healthy());
    try (ShadowRunner<Customer, Double> runner = ShadowRunner.of(production::churnProbability,
        candidate::churnProbability)) {
      for (LabelledCustomer request : mirrored) {
        runner.serve(request.customer());
      }
      if (!runner.awaitCandidates(java.time.Duration.ofMinutes(1))) {
        throw new InvalidRequestException("Cannot shadow " + model.id() + ": the mirrored calls did not finish within a"
            + " minute; give the candidate fewer requests or more time");
      }
      ShadowSamples samples = ShadowSamples.of(runner.observations(),
          p -> p >= Predictor.THRESHOLD ? ChurnModel.CHURN : ChurnModel.STAY, p -> p);
      return promoter.evaluate(model.id(), CANARY, shadowGate(samples));
    }
  }

  /**
   * Compares feature values seen while serving with the training profile the stable model
   * recorded (PSI and null rates per feature, unseen contract types), and the feature
   * definitions serving uses with those the model was trained on.
   *
   * @param served the customers serving scored
   * @param servingDefinitions the digest of the feature definitions serving computes features with
   * @param description what the sample is, for the evidence
   * @return the skew check's result
   */
  public CheckResult checkServingSkew(List<Customer> served, String servingDefinitions, String description) {
    ArtifactVersion stable = repo.artifacts().alias(MODEL, PRODUCTION).orElseThrow(() -> new InvalidRequestException(
        "Cannot check serving skew: nothing holds " + MODEL + "@" + PRODUCTION + " yet; roll out first"));
    List<LabelledCustomer> rows = served.stream().map(c -> new LabelledCustomer(c, false)).toList();
    FeatureProfile training = FeatureProfile.of(stable).orElseThrow(() -> new InvalidRequestException(
        "Cannot check serving skew: " + stable.id() + " records no feature profile; roll out a model trained by"
            + " this flow"));
    return SKEW.compare(training, CsvTables.text(description, new String(ChurnCsv.write(rows), StandardCharsets.UTF_8)),
        servingDefinitions);
  }

  private byte[] trainedBytes(ArtifactVersion version) {
    try (InputStream in = repo.artifacts().open(version)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }

  private String text(ArtifactVersion version) {
    try (InputStream in = repo.artifacts().open(version)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }
}
