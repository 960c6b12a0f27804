package dev.pedigree.samples.serving;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.samples.ml.Contract;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.Evaluation;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.TrainingConfig;
import dev.pedigree.samples.ml.WeekConditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One run of the serving pipeline: train a churn model on the run's data, self-test the
 * prediction function, package the model with its input signature as a version of
 * {@value #MODEL}, and deploy it by promoting it through a gate to {@code production}.
 *
 * <p>The gate: AUC on a fixed reference set of at least {@value #MIN_AUC}, and not 1% or more
 * below production's. Its verdict is written to the audit log either way.
 */
public final class ServingPipeline {
  /** The model artifact the service follows. */
  public static final String MODEL = "serving-model";
  /** The alias the service follows. */
  public static final String PRODUCTION = "production";
  /** The lowest AUC the gate accepts. */
  public static final double MIN_AUC = 0.75;

  private final Repository repo;
  private final ChurnDataGenerator generator;
  private final int customers;
  private final List<LabelledCustomer> reference;

  /**
   * Creates the pipeline.
   *
   * @param repo the repository
   * @param seed the data seed
   * @param customers customers in each run's training data
   */
  public ServingPipeline(Repository repo, long seed, int customers) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.generator = new ChurnDataGenerator(seed);
    this.customers = customers;
    this.reference = generator.week(9_999, 2000, WeekConditions.healthy());
  }

  /**
   * Runs the pipeline on the data of one run.
   *
   * @param run the run number (its data differs from every other run's)
   * @param conditions faults to inject into the training data
   * @return what was deployed
   * @throws IllegalStateException if the prediction function's self-test fails (nothing is
   *     packaged then)
   */
  public Deployment run(int run, WeekConditions conditions) {
    try (ActiveRun active = repo.runs().start("serving/build", CodeVersion.of("pedigree-samples"))) {
      TrainingConfig config = TrainingConfig.defaults();
      config.asParams().forEach(active::param);
      active.param("data_run", Integer.toString(run));
      ChurnModel model = ChurnModel.train(generator.week(run, customers, conditions), config);
      selfTest(model);
      Evaluation evaluation = model.evaluate(reference);
      active.logMetric("auc", evaluation.auc());
      NewVersion.Builder packaged = NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(model.toBytes())
          .params(config.asParams()).metric("auc", evaluation.auc()).metric("log_loss", evaluation.logLoss())
          .description("Churn model with input signature " + ChurnModel.signature().keySet());
      ChurnModel.signature().forEach((field, type) -> packaged.tag("input." + field, type));
      ArtifactVersion version = active.register(packaged);
      active.succeed();
      return deploy(version, evaluation.auc());
    }
  }

  /**
   * Checks the prediction function on cases whose answer is known: every score is a
   * probability, and a customer with every risk factor scores above one with none.
   *
   * @param model the model
   * @throws IllegalStateException if a case fails
   */
  public static void selfTest(ChurnModel model) {
    Customer risky = new Customer("self-test-risky", 1, 110, Contract.MONTH_TO_MONTH, 6);
    Customer loyal = new Customer("self-test-loyal", 70, 30, Contract.TWO_YEAR, 0);
    double high = model.churnProbability(risky);
    double low = model.churnProbability(loyal);
    if (!(high >= 0 && high <= 1 && low >= 0 && low <= 1) || high <= low) {
      throw new IllegalStateException(String.format(Locale.ROOT, "Cannot package the model: its prediction"
          + " function failed the self-test (risky customer %.3f, loyal customer %.3f); do not deploy it", high, low));
    }
  }

  private Deployment deploy(ArtifactVersion candidate, double auc) {
    Optional<ArtifactVersion> production = repo.artifacts().alias(MODEL, PRODUCTION);
    OptionalInt previous = production.map(v -> OptionalInt.of(v.number())).orElse(OptionalInt.empty());
    String reason;
    boolean passed;
    if (auc < MIN_AUC) {
      passed = false;
      reason = String.format(Locale.ROOT, "AUC %.4f is below the minimum %.2f", auc, MIN_AUC);
    } else if (production.isPresent()) {
      double baseline = production.get().metric("auc").orElse(0);
      passed = auc > baseline * 0.99;
      reason = String.format(Locale.ROOT, "AUC %.4f against production %s's %.4f: %s", auc, production.get().id(),
          baseline, passed ? "within 1%" : "1% or more below");
    } else {
      passed = true;
      reason = String.format(Locale.ROOT, "AUC %.4f; no production model yet", auc);
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("gate", "serving-gate");
    details.put("passed", Boolean.toString(passed));
    details.put("message", reason);
    production.ifPresent(p -> details.put("production", p.id().toString()));
    repo.audit().append(AuditEventType.GATE_VERDICT, candidate.id().toString(), repo.actor(), details);
    if (passed) {
      AliasChange change = repo.artifacts().move(AliasMove.of(MODEL, PRODUCTION).to(candidate.number())
          .expecting(previous).kind(AliasChange.Kind.PROMOTION).reason("deploy: " + reason).build());
      return new Deployment(candidate.id(), auc, change.to().isPresent(), reason, previous);
    }
    return new Deployment(candidate.id(), auc, false, reason, previous);
  }
}
