package dev.pedigree.samples.gitops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Compares a canary's traffic with the baseline's: the canary is degraded when its error rate
 * exceeds the baseline's by more than one percentage point, or when its latencies are
 * significantly higher (one-sided Mann–Whitney U test, p below 0.01) and its median is more
 * than 10% above the baseline's.
 *
 * <p>Interim: the sample's own analysis until the library's canary check lands on main.
 */
public final class CanaryAnalysis {
  /** The largest accepted rise of the error rate, in absolute terms. */
  public static final double MAX_ERROR_RATE_RISE = 0.01;
  /** The significance level of the latency test. */
  public static final double ALPHA = 0.01;
  /** The largest accepted rise of the median latency when the rise is significant. */
  public static final double MAX_MEDIAN_RISE = 0.10;

  private CanaryAnalysis() {
  }

  /**
   * The verdict.
   *
   * @param healthy whether the canary may be promoted
   * @param findings what was measured, one line each
   * @param latencyPValue the latency test's p-value
   */
  public record Verdict(boolean healthy, List<String> findings, double latencyPValue) {
    /** Copies the findings. */
    public Verdict {
      findings = List.copyOf(findings);
    }

    /**
     * Returns the findings on one line.
     *
     * @return the summary
     */
    public String summary() {
      return (healthy ? "healthy" : "degraded") + " (" + String.join("; ", findings) + ")";
    }
  }

  /**
   * Analyses a canary against its baseline.
   *
   * @param baseline the stable version's traffic
   * @param canary the canary's traffic
   * @return the verdict
   */
  public static Verdict analyse(TrafficSample baseline, TrafficSample canary) {
    List<String> findings = new ArrayList<>();
    double rise = canary.errorRate() - baseline.errorRate();
    boolean errorsOk = rise <= MAX_ERROR_RATE_RISE;
    findings.add(String.format(Locale.ROOT, "error rate %.2f%% vs %.2f%% %s", canary.errorRate() * 100,
        baseline.errorRate() * 100, errorsOk ? "ok" : "too high"));
    double p = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
        .test(canary.latenciesMillis(), baseline.latenciesMillis()).getPValue();
    double canaryMedian = median(canary.latenciesMillis());
    double baselineMedian = median(baseline.latenciesMillis());
    boolean slower = p < ALPHA && canaryMedian > baselineMedian * (1 + MAX_MEDIAN_RISE);
    findings.add(String.format(Locale.ROOT, "median latency %.1f ms vs %.1f ms, Mann-Whitney p=%.3g %s", canaryMedian,
        baselineMedian, p, slower ? "too slow" : "ok"));
    return new Verdict(errorsOk && !slower, findings, p);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
