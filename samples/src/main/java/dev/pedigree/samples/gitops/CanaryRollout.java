package dev.pedigree.samples.gitops;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The GitOps flow: feature-definition changes validated and versioned; for each rollout, data
 * checked against the definitions, a canary training run gated on AUC, the model written into
 * the GitOps repository as a canary, simulated traffic analysed, and the canary promoted to
 * stable (a commit) or rolled back (its commit reverted, the alias moved back). Every decision
 * is in the audit log.
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

  private final Repository repo;
  private final GitOpsRepository git;
  private final long seed;
  private final ChurnDataGenerator generator;
  private final List<LabelledCustomer> reference;

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
  }

  /**
   * The outcome of a proposed feature-definition change.
   *
   * @param accepted whether it was versioned
   * @param version the new version, when accepted
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
   */
  public record Rollout(Optional<VersionId> model, Decision decision, String detail,
      Optional<CanaryAnalysis.Verdict> canary, List<String> commits) {
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
    REJECTED_TRAINING
  }

  /**
   * Validates a feature-definition change against the schema; versions it when valid, and
   * audits the outcome either way.
   *
   * @param yaml the new definitions
   * @param reason why they change
   * @return the outcome
   */
  public FeatureChange proposeFeatures(String yaml, String reason) {
    List<String> problems = FeatureDefinitions.validate(yaml);
    if (!problems.isEmpty()) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("gate", "feature-schema");
      details.put("passed", "false");
      details.put("reason", reason);
      details.put("problems", String.join("; ", problems));
      repo.audit().append(AuditEventType.GATE_VERDICT, FEATURES, repo.actor(), details);
      return new FeatureChange(false, Optional.empty(), problems);
    }
    ArtifactVersion version = repo.artifacts().register(NewVersion.of(FEATURES, ArtifactKind.FEATURES)
        .bytes(yaml.getBytes(StandardCharsets.UTF_8)).description(reason).build());
    repo.audit().append(AuditEventType.GATE_VERDICT, version.id().toString(), repo.actor(),
        Map.of("gate", "feature-schema", "passed", "true", "reason", reason));
    return new FeatureChange(true, Optional.of(version.id()), List.of());
  }

  /**
   * Runs one rollout.
   *
   * @param round the rollout's number (its data and traffic differ from every other's)
   * @param degradedCanary whether the simulated canary traffic is slow and error-prone
   * @return what happened
   */
  public Rollout rollout(int round, boolean degradedCanary) {
    ArtifactVersion features = repo.artifacts().latest(FEATURES).orElseThrow(() -> new IllegalStateException(
        "Cannot roll out: no feature definitions are versioned; call proposeFeatures first"));
    String yaml = text(features);
    List<LabelledCustomer> sample = generator.week(round, 1500, WeekConditions.healthy());
    List<String> dataProblems = FeatureDefinitions.checkData(yaml, sample);
    if (!dataProblems.isEmpty()) {
      repo.audit().append(AuditEventType.GATE_VERDICT, features.id().toString(), repo.actor(),
          Map.of("gate", "feature-data-quality", "passed", "false", "problems", String.join("; ", dataProblems)));
      return new Rollout(Optional.empty(), Decision.REJECTED_DATA, String.join("; ", dataProblems), Optional.empty(),
          List.of());
    }

    ArtifactVersion model;
    Evaluation evaluation;
    try (ActiveRun run = repo.runs().start("gitops/canary-training", CodeVersion.of("pedigree-samples"))) {
      run.input(features);
      run.param("round", Integer.toString(round));
      ChurnModel trained = ChurnModel.train(sample, TrainingConfig.defaults());
      evaluation = trained.evaluate(reference);
      run.logMetric("auc", evaluation.auc());
      model = run.register(NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(trained.toBytes())
          .metric("auc", evaluation.auc()).metric("log_loss", evaluation.logLoss())
          .description("Canary training run " + round + " on " + features.id()));
      run.succeed();
    }
    boolean trainingPassed = evaluation.auc() >= MIN_AUC;
    String trainingVerdict = String.format(Locale.ROOT, "canary training %s (AUC %.4f, minimum %.2f)",
        trainingPassed ? "passed" : "failed", evaluation.auc(), MIN_AUC);
    repo.audit().append(AuditEventType.GATE_VERDICT, model.id().toString(), repo.actor(),
        Map.of("gate", "canary-training", "passed", Boolean.toString(trainingPassed), "message", trainingVerdict));
    if (!trainingPassed) {
      return new Rollout(Optional.of(model.id()), Decision.REJECTED_TRAINING, trainingVerdict, Optional.empty(), List.of());
    }

    HelmValues.ModelRef candidate = new HelmValues.ModelRef(model.id().toString(), model.content().toString());
    Optional<ArtifactVersion> stable = repo.artifacts().alias(MODEL, PRODUCTION);
    if (stable.isEmpty()) {
      String commit = git.commitValues(new HelmValues(Optional.of(candidate), Optional.empty(), 0),
          "Deploy " + model.id() + " (" + model.content().shortHex() + ") as stable\n\nVerdict: " + trainingVerdict
              + "; first deployment, no baseline for a canary.\n");
      repo.artifacts().move(AliasMove.of(MODEL, PRODUCTION).to(model.number()).expectingAbsent()
          .kind(AliasChange.Kind.PROMOTION).reason("first deployment: " + trainingVerdict + "; commit " + commit).build());
      return new Rollout(Optional.of(model.id()), Decision.DEPLOYED_FIRST, trainingVerdict, Optional.empty(),
          List.of(commit));
    }

    HelmValues.ModelRef current = new HelmValues.ModelRef(stable.get().id().toString(), stable.get().content().toString());
    String canaryCommit = git.commitValues(new HelmValues(Optional.of(current), Optional.of(candidate), CANARY_WEIGHT),
        "Canary " + model.id() + " (" + model.content().shortHex() + ") at " + CANARY_WEIGHT + "% of traffic\n\n"
            + "Verdict: " + trainingVerdict + "; stable stays " + stable.get().id() + ".\n");
    OptionalInt canaryHolder = repo.artifacts().alias(MODEL, CANARY).map(v -> OptionalInt.of(v.number()))
        .orElse(OptionalInt.empty());
    repo.artifacts().move(AliasMove.of(MODEL, CANARY).to(model.number()).expecting(canaryHolder)
        .kind(AliasChange.Kind.PROMOTION).reason("canary rollout; commit " + canaryCommit).build());

    long trafficSeed = seed * 31 + round * 2L;
    TrafficSample baseline = TrafficSample.simulate(trafficSeed, 2000, 40, 0.005);
    TrafficSample canary = degradedCanary ? TrafficSample.simulate(trafficSeed + 1, 400, 56, 0.035)
        : TrafficSample.simulate(trafficSeed + 1, 400, 40, 0.005);
    CanaryAnalysis.Verdict verdict = CanaryAnalysis.analyse(baseline, canary);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("gate", "canary-analysis");
    details.put("passed", Boolean.toString(verdict.healthy()));
    details.put("message", verdict.summary());
    details.put("baseline", stable.get().id().toString());
    details.put("canary_commit", canaryCommit);
    repo.audit().append(AuditEventType.GATE_VERDICT, model.id().toString(), repo.actor(), details);

    if (verdict.healthy()) {
      String promote = git.commitValues(new HelmValues(Optional.of(candidate), Optional.empty(), 0),
          "Promote " + model.id() + " (" + model.content().shortHex() + ") to stable\n\nVerdict: canary analysis "
              + verdict.summary() + ".\n");
      repo.artifacts().move(AliasMove.of(MODEL, PRODUCTION).to(model.number()).expecting(stable.get().number())
          .kind(AliasChange.Kind.PROMOTION).reason("canary healthy; commit " + promote).build());
      return new Rollout(Optional.of(model.id()), Decision.PROMOTED, verdict.summary(), Optional.of(verdict),
          List.of(canaryCommit, promote));
    }
    String revert = git.revert(canaryCommit);
    repo.artifacts().rollbackTo(MODEL, CANARY, stable.get().number(), "canary degraded: " + verdict.summary()
        + "; reverted commit " + canaryCommit + " with " + revert);
    repo.audit().append(AuditEventType.CUSTOM, model.id().toString(), repo.actor(), Map.of("action", "gitops-revert",
        "reverted", canaryCommit, "revert", revert, "reason", verdict.summary()));
    return new Rollout(Optional.of(model.id()), Decision.ROLLED_BACK, verdict.summary(), Optional.of(verdict),
        List.of(canaryCommit, revert));
  }

  private String text(ArtifactVersion version) {
    try (InputStream in = repo.artifacts().open(version)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + version.id() + ": " + e.getMessage(), e);
    }
  }
}
