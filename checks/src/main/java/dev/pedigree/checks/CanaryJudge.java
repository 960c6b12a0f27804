package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Evidence;
import dev.pedigree.gates.MetricDirection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Judges a canary against its baseline from samples of metrics (latency, error rate), in the
 * manner of Kayenta's Mann–Whitney judge: for each metric a one-sided Mann–Whitney U test (Apache
 * Commons Statistics, exact p-values for small samples without ties, normal approximation with
 * tie and continuity correction otherwise) of whether the canary is worse than the baseline by
 * more than the metric's tolerated degradation.
 *
 * <p>Per metric: with fewer than {@code minSamples} values on either side, INCONCLUSIVE.
 * Otherwise the baseline sample is shifted by the tolerated margin
 * ({@code allowedDegradation * |baseline median|}, towards worse), and the canary is tested
 * against the shifted baseline with the alternative "canary is worse"; a p-value below the
 * significance level means ROLLBACK, anything else PROMOTE. When every value on both sides is
 * equal the test has nothing to rank and the metric is PROMOTE (no evidence of degradation).
 * Overall: see {@link CanaryReport}. A NaN or infinite sample is refused: drop failed
 * measurements before judging.
 *
 * <pre>{@code
 * CanaryJudge judge = CanaryJudge.builder().significance(0.05)
 *     .metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.10).minSamples(30))
 *     .metric(CanaryMetric.higherIsWorse("error_rate"))
 *     .build();
 * CanaryReport report = judge.judge(Map.of("latency_ms", baselineLatency, "error_rate", baselineErrors),
 *     Map.of("latency_ms", canaryLatency, "error_rate", canaryErrors));
 * }</pre>
 */
public final class CanaryJudge {
  private final double significance;
  private final List<CanaryMetric> metrics;

  private CanaryJudge(Builder b) {
    this.significance = b.significance == null ? 0.05 : b.significance;
    this.metrics = List.copyOf(b.metrics.values());
  }

  /**
   * Starts configuring a judge.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the significance level.
   *
   * @return alpha
   */
  public double significance() {
    return significance;
  }

  /**
   * Returns the metrics judged.
   *
   * @return the metrics
   */
  public List<CanaryMetric> metrics() {
    return metrics;
  }

  /**
   * Judges samples. A metric missing from a side counts as having no samples there.
   *
   * @param baseline samples by metric from the baseline (or control) deployment
   * @param canary samples by metric from the canary deployment
   * @return the report
   * @throws InvalidRequestException if a sample is NaN or infinite
   */
  public CanaryReport judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
    InvalidRequestException.requireNonNull(baseline, "baseline");
    InvalidRequestException.requireNonNull(canary, "canary");
    List<MetricJudgement> judgements = new ArrayList<>();
    for (CanaryMetric metric : metrics) {
      judgements.add(judge(metric, checked(metric, "baseline", baseline.get(metric.name())),
          checked(metric, "canary", canary.get(metric.name()))));
    }
    CanaryDecision overall = judgements.stream().anyMatch(j -> j.decision() == CanaryDecision.ROLLBACK)
        ? CanaryDecision.ROLLBACK
        : judgements.stream().anyMatch(j -> j.decision() == CanaryDecision.INCONCLUSIVE)
            ? CanaryDecision.INCONCLUSIVE : CanaryDecision.PROMOTE;
    return new CanaryReport(overall, significance, judgements);
  }

  private MetricJudgement judge(CanaryMetric metric, double[] base, double[] can) {
    double baseMedian = median(base);
    double canMedian = median(can);
    if (base.length < metric.minSamples() || can.length < metric.minSamples()) {
      return new MetricJudgement(metric.name(), CanaryDecision.INCONCLUSIVE, Double.NaN, baseMedian, canMedian,
          base.length, can.length, "needs at least " + metric.minSamples() + " samples on each side, has "
          + base.length + " baseline and " + can.length + " canary");
    }
    boolean higherIsWorse = metric.direction() == MetricDirection.LOWER_IS_BETTER;
    double margin = metric.allowedDegradation() * Math.abs(baseMedian);
    double[] shifted = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      shifted[i] = higherIsWorse ? base[i] + margin : base[i] - margin;
    }
    double p;
    double u = Double.NaN;
    double twoSided = Double.NaN;
    MannWhitneyMethod method = MannWhitneyMethod.NOT_RUN;
    if (allEqual(shifted, can)) {
      p = 1;
    } else {
      method = chooseMethod(can, shifted);
      PValueMethod commons = method == MannWhitneyMethod.EXACT ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC;
      MannWhitneyUTest test = MannWhitneyUTest.withDefaults().with(commons);
      MannWhitneyUTest.Result oneSided = test
          .with(higherIsWorse ? AlternativeHypothesis.GREATER_THAN : AlternativeHypothesis.LESS_THAN).test(can, shifted);
      p = oneSided.getPValue();
      u = oneSided.getStatistic();
      twoSided = test.with(AlternativeHypothesis.TWO_SIDED).test(can, shifted).getPValue();
    }
    boolean worse = p < significance;
    String change = baseMedian == 0 ? "" : String.format(java.util.Locale.ROOT, ", %+.1f%%",
        (canMedian - baseMedian) / Math.abs(baseMedian) * 100);
    String reason = "median " + Evidence.format(canMedian) + " vs " + Evidence.format(baseMedian) + change
        + "; one-sided Mann-Whitney (" + method.name().toLowerCase(java.util.Locale.ROOT) + ") p = " + Evidence.format(p) + (worse ? " < " : " >= ") + Evidence.format(significance)
        + (worse ? ", significantly worse" : ", not significantly worse") + " than the baseline"
        + (metric.allowedDegradation() > 0 ? " plus the tolerated " + Evidence.format(metric.allowedDegradation() * 100) + "%"
            : "");
    return new MetricJudgement(metric.name(), worse ? CanaryDecision.ROLLBACK : CanaryDecision.PROMOTE, p, baseMedian,
        canMedian, base.length, can.length, reason, u, twoSided, method);
  }

  private static double[] checked(CanaryMetric metric, String side, double[] values) {
    if (values == null) {
      return new double[0];
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidRequestException("Cannot judge canary metric '" + metric.name() + "': " + side + " sample " + i
            + " is " + values[i] + "; drop failed or missing measurements before judging");
      }
    }
    return values;
  }

  /**
   * Chooses the p-value method as SciPy's {@code mannwhitneyu(method="auto")}: exact when the
   * smaller sample has at most 8 values and no value occurs twice in the pooled samples.
   */
  static MannWhitneyMethod chooseMethod(double[] x, double[] y) {
    if (Math.min(x.length, y.length) > 8) {
      return MannWhitneyMethod.ASYMPTOTIC;
    }
    double[] pooled = new double[x.length + y.length];
    System.arraycopy(x, 0, pooled, 0, x.length);
    System.arraycopy(y, 0, pooled, x.length, y.length);
    Arrays.sort(pooled);
    for (int i = 1; i < pooled.length; i++) {
      if (pooled[i] == pooled[i - 1]) {
        return MannWhitneyMethod.ASYMPTOTIC;
      }
    }
    return MannWhitneyMethod.EXACT;
  }

  private static boolean allEqual(double[] a, double[] b) {
    double first = a[0];
    return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Builds a {@link CanaryJudge}. Strict: each metric once, the significance once, at least one metric. */
  public static final class Builder {
    private Double significance;
    private final Map<String, CanaryMetric> metrics = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Sets the significance level (default 0.05).
     *
     * @param alpha between 0 and 1 exclusive
     * @return this builder
     */
    public Builder significance(double alpha) {
      if (significance != null) {
        throw new InvalidRequestException("Cannot set the significance twice: it is already " + significance);
      }
      if (!(alpha > 0 && alpha < 1)) {
        throw new InvalidRequestException("Cannot use significance " + alpha + ": give a level between 0 and 1, such as 0.05");
      }
      significance = alpha;
      return this;
    }

    /**
     * Adds a metric to judge.
     *
     * @param metric the metric
     * @return this builder
     */
    public Builder metric(CanaryMetric metric) {
      InvalidRequestException.requireNonNull(metric, "metric");
      if (metrics.putIfAbsent(metric.name(), metric) != null) {
        throw new InvalidRequestException("Cannot judge canary metric '" + metric.name() + "' twice; add it once");
      }
      return this;
    }

    /**
     * Builds the judge.
     *
     * @return the judge
     * @throws InvalidRequestException if no metric was added
     */
    public CanaryJudge build() {
      if (metrics.isEmpty()) {
        throw new InvalidRequestException("Cannot build a canary judge without metrics; add metric(CanaryMetric.higherIsWorse(\"latency_ms\"))");
      }
      return new CanaryJudge(this);
    }
  }
}
