package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * A canary analysis's conclusion on one metric.
 *
 * @param metric the metric's name
 * @param decision promote, roll back or inconclusive
 * @param pValue the one-sided Mann–Whitney U p-value for "the canary is worse than the baseline
 *     by more than allowed" ({@code NaN} when the test was not run)
 * @param baselineMedian the baseline's median ({@code NaN} without samples)
 * @param canaryMedian the canary's median ({@code NaN} without samples)
 * @param baselineSamples how many baseline samples there were
 * @param canarySamples how many canary samples there were
 * @param reason a sentence for people
 * @param u the Mann–Whitney U statistic of the canary sample against the baseline sample shifted
 *     by the tolerated margin (SciPy's {@code mannwhitneyu(canary, shiftedBaseline).statistic});
 *     {@code NaN} when the test was not run
 * @param twoSidedPValue the two-sided p-value of the same test, by the same method ({@code NaN}
 *     when not run)
 * @param method how the p-values were computed
 */
public record MetricJudgement(String metric, CanaryDecision decision, double pValue, double baselineMedian,
    double canaryMedian, int baselineSamples, int canarySamples, String reason, double u, double twoSidedPValue,
    MannWhitneyMethod method) {
  /** Validates the fields. */
  public MetricJudgement {
    InvalidRequestException.requireNonNull(metric, "metric");
    InvalidRequestException.requireNonNull(decision, "decision");
    InvalidRequestException.requireNonNull(reason, "reason");
    InvalidRequestException.requireNonNull(method, "method");
  }

  /**
   * Creates a judgement of a test that was not run, or whose U and method are unknown.
   *
   * @param metric the metric's name
   * @param decision promote, roll back or inconclusive
   * @param pValue the one-sided p-value, or {@code NaN}
   * @param baselineMedian the baseline's median
   * @param canaryMedian the canary's median
   * @param baselineSamples how many baseline samples there were
   * @param canarySamples how many canary samples there were
   * @param reason a sentence for people
   */
  public MetricJudgement(String metric, CanaryDecision decision, double pValue, double baselineMedian,
      double canaryMedian, int baselineSamples, int canarySamples, String reason) {
    this(metric, decision, pValue, baselineMedian, canaryMedian, baselineSamples, canarySamples, reason, Double.NaN,
        Double.NaN, MannWhitneyMethod.NOT_RUN);
  }
}
