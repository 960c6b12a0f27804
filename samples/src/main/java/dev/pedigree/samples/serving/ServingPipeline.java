package dev.pedigree.samples.serving;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.gates.Verdict;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One run of the serving pipeline: train a churn model on the run's data, self-test the
 * prediction function, package the model with its input signature as a version of
 * {@value #MODEL}, and deploy it by promoting it through a gate to {@code production}.
 *
 * <p>The gate ({@link #GATE}): AUC on a fixed reference set of at least {@value #MIN_AUC}, and
 * not 1% or more below production's. The promoter writes its verdict to the audit log either way.
 */
public final class ServingPipeline {
  /** The model artifact the service follows. */
  public static final String MODEL = "serving-model";
  /** The alias the service follows. */
  public static final String PRODUCTION = "production";
  /** The lowest AUC the gate accepts. */
  public static final double MIN_AUC = 0.75;
  /**
   * The deployment gate: AUC on the reference set of at least {@value #MIN_AUC}, and not 1% or
   * more below production's (passing when there is no production model yet).
   */
  public static final Gate GATE = Gate.named("serving-gate")
      .require(MetricCheck.named("auc-minimum").metric("auc").atLeast(MIN_AUC).build())
      .require(MetricCheck.named("auc-not-below-production").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
          .whenNoBaseline(BaselinePolicy.PASS).build())
      .build();

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
      ArtifactVersion version = active.register(packaged.build());
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
    OptionalInt previous = repo.artifacts().alias(MODEL, PRODUCTION).map(v -> OptionalInt.of(v.number()))
        .orElse(OptionalInt.empty());
    Promotion promotion = Promoter.of(repo).promote(candidate.id(), PRODUCTION, GATE);
    return new Deployment(candidate.id(), auc, promotion.promoted(),
        promotion.verdict().map(Verdict::summary).orElse(promotion.explanation()), previous);
  }
}
