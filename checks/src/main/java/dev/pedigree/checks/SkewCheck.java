package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Training/serving skew: compares feature values seen while serving with the
 * {@link FeatureProfile} recorded with the model version at training time.
 *
 * <pre>{@code
 * SkewCheck skew = SkewCheck.named("serving-skew")
 *     .servingSample(ctx -> CsvTables.file(Path.of("logs/features-today.csv")))
 *     .servingDefinitions(ctx -> approvedDefinitions.content().toString())
 *     .maxPsi(0.2).minKsPValue(0.01).maxNullRateIncrease(0.05).maxUnseenCategoryShare(0.01)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>The feature definitions serving uses must have the digest the training recorded; a
 *       different digest fails the check outright, whatever the values look like (the features
 *       may be computed differently even where their values look alike).</li>
 *   <li>Numeric columns: PSI against the training's bins and counts ({@link DriftStatistics}: the
 *       training deciles, NumPy's linear quantiles), and the one-sample Kolmogorov–Smirnov test of
 *       the serving values against the training distribution (its percentiles, linearly
 *       interpolated; Apache Commons Statistics).</li>
 *   <li>Categorical columns: PSI over the union of categories, and the share of serving values in
 *       categories the training never saw (with examples).</li>
 *   <li>Every column: the increase of its missing-value rate over training's.</li>
 * </ul>
 * A column with fewer than two serving values fails with a sentence saying so. Evidence carries
 * every measure per column (full precision in {@link Evidence#numbers()}).
 */
public final class SkewCheck implements Check {
  private final String name;
  private final Function<CheckContext, TableSource> serving;
  private final Function<CheckContext, String> definitions;
  private final double maxPsi;
  private final Double minKsPValue;
  private final double maxNullRateIncrease;
  private final double maxUnseenCategoryShare;

  private SkewCheck(Builder b) {
    this.name = b.name;
    this.serving = b.serving;
    this.definitions = b.definitions;
    this.maxPsi = b.maxPsi == null ? 0.2 : b.maxPsi;
    this.minKsPValue = b.minKsPValue;
    this.maxNullRateIncrease = b.maxNullRateIncrease == null ? 0.05 : b.maxNullRateIncrease;
    this.maxUnseenCategoryShare = b.maxUnseenCategoryShare == null ? 0 : b.maxUnseenCategoryShare;
  }

  /**
   * Starts building the check.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(Check.requireValidName(name));
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Judges the candidate's recorded profile against the serving sample.
   *
   * @param context the candidate (whose version carries a {@link FeatureProfile})
   * @return the result; a candidate without a profile fails
   */
  @Override
  public CheckResult evaluate(CheckContext context) {
    if (serving == null || definitions == null) {
      throw new InvalidRequestException("Cannot run check '" + name + "' in a gate: it needs servingSample(..) and"
          + " servingDefinitions(..); or call compare(profile, sample, digest) directly");
    }
    return FeatureProfile.of(context.candidate())
        .map(profile -> compare(profile, serving.apply(context), definitions.apply(context)))
        .orElseGet(() -> CheckResult.failed(name, context.candidate().id() + " records no feature profile (parameter "
            + FeatureProfile.PARAM + "), so serving cannot be compared with its training; record one when registering"));
  }

  /**
   * Compares a training profile with a serving sample directly.
   *
   * @param training the profile recorded at training time
   * @param sample feature values logged while serving
   * @param servingDefinitionsDigest the digest of the feature definitions serving uses
   * @return the result
   */
  public CheckResult compare(FeatureProfile training, TableSource sample, String servingDefinitionsDigest) {
    Evidence.Builder evidence = Evidence.builder("");
    evidence.observed("definitions.training", training.definitionsDigest());
    evidence.observed("definitions.serving", servingDefinitionsDigest);
    if (!training.definitionsDigest().equals(servingDefinitionsDigest)) {
      return CheckResult.failed(name, evidence.build().withSummary("Serving computes features from other definitions ("
          + servingDefinitionsDigest + ") than the training used (" + training.definitionsDigest() + "): skew by"
          + " construction; retrain on the new definitions, or serve with the ones the model was trained on."));
    }
    Set<String> numeric = new LinkedHashSet<>();
    Set<String> categorical = new LinkedHashSet<>();
    training.columns().values().forEach(c -> (c.numeric() ? numeric : categorical).add(c.name()));
    Map<String, ColumnData> data = ColumnData.read(sample, numeric, categorical, "compare serving skew of");
    List<String> problems = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    for (FeatureProfile.Column column : training.columns().values()) {
      ColumnData d = data.get(column.name());
      List<String> parts = new ArrayList<>();
      boolean ok = true;
      double servingNulls = d.count + d.nulls == 0 ? 0 : (double) d.nulls / (d.count + d.nulls);
      double increase = servingNulls - column.nullFraction();
      String key = column.name();
      evidence.observed(key + ".nullRate", servingNulls);
      evidence.observed(key + ".nullRateTraining", column.nullFraction());
      evidence.threshold(key + ".nullRate", "<= training + " + Evidence.format(maxNullRateIncrease));
      if (increase > maxNullRateIncrease + 1e-12) {
        ok = false;
        parts.add("missing in " + Evidence.format(servingNulls * 100) + "% of rows against "
            + Evidence.format(column.nullFraction() * 100) + "% in training");
      }
      if (d.count < 2) {
        problems.add("column '" + key + "' has " + d.count + " serving values, too few to compare (at least two)");
        continue;
      }
      double psi;
      if (column.numeric()) {
        double[] values = d.numbers();
        DriftStatistics.checkSample("serving", values);
        psi = DriftStatistics.psiFromCounts(column.binCounts(), DriftStatistics.binCounts(values, column.edges()));
        if (minKsPValue != null) {
          double[] percentiles = column.percentiles();
          KolmogorovSmirnovTest.OneResult ks = KolmogorovSmirnovTest.withDefaults()
              .test(values, x -> interpolatedCdf(percentiles, x));
          evidence.observed(key + ".ksD", ks.getStatistic());
          evidence.observed(key + ".ksP", ks.getPValue());
          evidence.threshold(key + ".ksP", ">= " + Evidence.format(minKsPValue));
          if (ks.getPValue() < minKsPValue) {
            ok = false;
            parts.add("KS D " + Evidence.format(ks.getStatistic()) + ", p " + Evidence.format(ks.getPValue()));
          }
        }
      } else {
        Map<String, Long> trainingCounts = new java.util.TreeMap<>(column.categories());
        if (column.otherCount() > 0) {
          trainingCounts.merge("(other)", column.otherCount(), Long::sum);
        }
        psi = DriftStatistics.categoricalPsi(trainingCounts, d.categories);
        TreeSet<String> unseen = new TreeSet<>(d.categories.keySet());
        unseen.removeAll(column.categories().keySet());
        long unseenCount = column.otherCount() > 0 ? 0 : unseen.stream().mapToLong(d.categories::get).sum();
        double share = (double) unseenCount / d.count;
        evidence.observed(key + ".unseenShare", share);
        evidence.threshold(key + ".unseenShare", "<= " + Evidence.format(maxUnseenCategoryShare));
        if (unseenCount > 0) {
          evidence.observed(key + ".unseen", String.join(", ", unseen.stream().limit(5).toList()));
        }
        if (share > maxUnseenCategoryShare) {
          ok = false;
          parts.add(unseenCount + " values (" + Evidence.format(share * 100) + "%) in categories training never saw: "
              + unseen.stream().limit(5).toList());
        }
      }
      evidence.observed(key + ".psi", psi);
      evidence.threshold(key + ".psi", "< " + Evidence.format(maxPsi));
      if (psi >= maxPsi) {
        ok = false;
        parts.add("PSI " + Evidence.format(psi) + " (limit " + Evidence.format(maxPsi) + ")");
      }
      if (ok) {
        fine.add(key + " (PSI " + Evidence.format(psi) + ")");
      } else {
        problems.add("column '" + key + "' is skewed: " + String.join(", ", parts));
      }
    }
    String summary = problems.isEmpty()
        ? "Serving features in " + sample.description() + " match training: " + String.join(", ", fine) + "."
        : "Serving features in " + sample.description() + " differ from training: " + String.join("; ", problems) + ".";
    return CheckResult.of(name, problems.isEmpty(), evidence.build().withSummary(summary));
  }

  /** The CDF of the distribution whose quantile function is linear between the 101 percentiles. */
  static double interpolatedCdf(double[] percentiles, double x) {
    int last = percentiles.length - 1;
    if (x < percentiles[0]) {
      return 0;
    }
    if (x >= percentiles[last]) {
      return 1;
    }
    int i = 0;
    while (i < last && percentiles[i + 1] <= x) {
      i++;
    }
    double low = percentiles[i];
    double high = percentiles[i + 1];
    double within = high > low ? (x - low) / (high - low) : 1;
    return (i + within) / last;
  }

  /** Builds a {@link SkewCheck}. Strict: each setting once. */
  public static final class Builder {
    private final String name;
    private Function<CheckContext, TableSource> serving;
    private Function<CheckContext, String> definitions;
    private Double maxPsi;
    private Double minKsPValue;
    private Double maxNullRateIncrease;
    private Double maxUnseenCategoryShare;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets where a gate gets the serving sample from.
     *
     * @param source the logged serving features for a context
     * @return this builder
     */
    public Builder servingSample(Function<CheckContext, TableSource> source) {
      Settings.once(serving, "servingSample", name);
      serving = InvalidRequestException.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets where a gate gets the digest of the feature definitions serving uses.
     *
     * @param source the digest for a context
     * @return this builder
     */
    public Builder servingDefinitions(Function<CheckContext, String> source) {
      Settings.once(definitions, "servingDefinitions", name);
      definitions = InvalidRequestException.requireNonNull(source, "source");
      return this;
    }

    /**
     * Fails a column whose PSI reaches this (default 0.2).
     *
     * @param limit greater than 0
     * @return this builder
     */
    public Builder maxPsi(double limit) {
      Settings.once(maxPsi, "maxPsi", name);
      if (!(limit > 0) || Double.isInfinite(limit)) {
        throw new InvalidRequestException("Cannot use PSI limit " + limit + " in check '" + name
            + "': give a positive number such as 0.2");
      }
      maxPsi = limit;
      return this;
    }

    /**
     * Fails a numeric column whose KS p-value falls below this (default: KS not applied).
     *
     * @param alpha between 0 and 1
     * @return this builder
     */
    public Builder minKsPValue(double alpha) {
      Settings.once(minKsPValue, "minKsPValue", name);
      minKsPValue = Settings.significance(alpha, "minKsPValue", name);
      return this;
    }

    /**
     * Fails a column whose missing-value rate rose by more than this over training's (default 0.05).
     *
     * @param fraction from 0 to 1
     * @return this builder
     */
    public Builder maxNullRateIncrease(double fraction) {
      Settings.once(maxNullRateIncrease, "maxNullRateIncrease", name);
      maxNullRateIncrease = Settings.fraction(fraction, "maxNullRateIncrease", name);
      return this;
    }

    /**
     * Fails a categorical column with more than this share of values in unseen categories (default 0).
     *
     * @param fraction from 0 to 1
     * @return this builder
     */
    public Builder maxUnseenCategoryShare(double fraction) {
      Settings.once(maxUnseenCategoryShare, "maxUnseenCategoryShare", name);
      maxUnseenCategoryShare = Settings.fraction(fraction, "maxUnseenCategoryShare", name);
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     */
    public SkewCheck build() {
      return new SkewCheck(this);
    }
  }
}
