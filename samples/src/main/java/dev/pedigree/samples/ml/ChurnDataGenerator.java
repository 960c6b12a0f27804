package dev.pedigree.samples.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates customer churn data with the shape of real data, deterministically from a seed:
 * the same seed, week and size give the same customers on every machine and Java version.
 *
 * <p>Customers have a contract (about half month-to-month), a tenure that is short for
 * month-to-month customers, monthly charges around 65 and a few support calls. Whether one
 * leaves follows a logistic model of those fields plus chance, so about one in five churns:
 * the class imbalance of real churn data. {@link WeekConditions} inject faults into a week.
 *
 * <pre>{@code
 * List<LabelledCustomer> week3 = new ChurnDataGenerator(42).week(3, 4000, WeekConditions.labelNoise(0.3));
 * }</pre>
 */
public final class ChurnDataGenerator {
  private final long seed;

  /**
   * Creates a generator.
   *
   * @param seed the seed every week's data derives from
   */
  public ChurnDataGenerator(long seed) {
    this.seed = seed;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Generates one week's customers with their outcomes.
   *
   * @param week the week number, from 1
   * @param customers how many customers
   * @param conditions faults to inject
   * @return the customers, in id order
   */
  public List<LabelledCustomer> week(int week, int customers, WeekConditions conditions) {
    if (week < 1 || customers < 1) {
      throw new IllegalArgumentException("Cannot generate week " + week + " with " + customers
          + " customers: both must be 1 or more");
    }
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + week);
    List<LabelledCustomer> rows = new ArrayList<>(customers);
    for (int i = 0; i < customers; i++) {
      Contract contract = contract(random.nextDouble());
      int tenure = tenure(random, contract);
      double charges = charges(random, contract);
      int calls = poisson(random, 0.9 + (charges > 90 ? 0.8 : 0) + (tenure < 6 ? 0.6 : 0));
      boolean churned = random.nextDouble() < churnProbability(tenure, charges, contract, calls);
      // Always drawn, so a noisy week holds the same customers as its clean twin, only some outcomes flipped.
      double noise = random.nextDouble();
      if (noise < conditions.labelNoise()) {
        churned = !churned;
      }
      Contract recorded = conditions.contractCodesSwapped() ? swapped(contract) : contract;
      String id = String.format(Locale.ROOT, "w%02d-c%05d", week, i + 1);
      rows.add(new LabelledCustomer(new Customer(id, tenure, charges, recorded, calls), churned));
    }
    return rows;
  }

  /**
   * Generates customers without faults and outcomes: a fixed batch for smoke tests and
   * simulated traffic.
   *
   * @param batch a number naming the batch
   * @param customers how many
   * @return the customers
   */
  public List<Customer> batch(int batch, int customers) {
    return week(10_000 + batch, customers, WeekConditions.healthy()).stream().map(LabelledCustomer::customer).toList();
  }

  /**
   * Returns the true probability that a customer leaves, before any fault is injected.
   *
   * @param tenure months as a customer
   * @param charges the monthly bill
   * @param contract the contract
   * @param calls support calls
   * @return the probability
   */
  public static double churnProbability(int tenure, double charges, Contract contract, int calls) {
    double z = -1.95
        + (contract == Contract.MONTH_TO_MONTH ? 1.2 : 0)
        - (contract == Contract.TWO_YEAR ? 1.3 : 0)
        - 0.035 * tenure
        + 0.03 * (charges - 65)
        + 0.45 * calls;
    return 1 / (1 + Math.exp(-z));
  }

  private static Contract contract(double u) {
    return u < 0.52 ? Contract.MONTH_TO_MONTH : u < 0.77 ? Contract.ONE_YEAR : Contract.TWO_YEAR;
  }

  private static Contract swapped(Contract contract) {
    return switch (contract) {
      case MONTH_TO_MONTH -> Contract.TWO_YEAR;
      case TWO_YEAR -> Contract.MONTH_TO_MONTH;
      case ONE_YEAR -> Contract.ONE_YEAR;
    };
  }

  private static int tenure(SplittableRandom random, Contract contract) {
    double months = switch (contract) {
      case MONTH_TO_MONTH -> -18 * Math.log(1 - random.nextDouble());
      case ONE_YEAR -> 6 + 60 * random.nextDouble();
      case TWO_YEAR -> 12 + 60 * Math.sqrt(random.nextDouble());
    };
    return (int) Math.min(72, Math.floor(months));
  }

  private static double charges(SplittableRandom random, Contract contract) {
    double mean = contract == Contract.MONTH_TO_MONTH ? 70 : 62;
    double value = mean + 24 * gaussian(random);
    return Math.round(Math.max(18.25, Math.min(120, value)) * 100) / 100.0;
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller, written out so the numbers do not depend on the JDK's own algorithm.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
