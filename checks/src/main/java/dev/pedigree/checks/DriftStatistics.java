package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Arrays;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The drift measures {@link DriftCheck} uses, public so that their definitions can be read,
 * tested and reused.
 */
public final class DriftStatistics {
  /** The proportion an empty bin is given so that the logarithm in PSI stays finite. */
  public static final double EMPTY_BIN_PROPORTION = 1e-4;

  private DriftStatistics() {
  }

  /**
   * Population stability index of a candidate sample against a baseline sample:
   * {@code sum over bins of (c - b) * ln(c / b)}, where {@code b} and {@code c} are the
   * proportions of each sample in a bin.
   *
   * <p>Binning: the edges are the baseline's quantiles at {@code 1/bins, 2/bins, ...}
   * (the value at sorted index {@code floor(i * n / bins)}), with repeated edges merged, so each
   * bin holds about the same share of the baseline and heavy ties give fewer bins. Bin {@code k}
   * is {@code [edge(k), edge(k+1))}, the first open below and the last open above, so every
   * value of either sample falls in one bin. An empty bin counts as proportion
   * {@link #EMPTY_BIN_PROPORTION}. Common reading: below 0.1 stable, 0.1 to 0.25 some drift,
   * above 0.25 major drift.
   *
   * @param baseline the baseline's values, at least one, none NaN
   * @param candidate the candidate's values, at least one, none NaN
   * @param bins the number of quantile bins wanted, at least 2
   * @return the index, 0 or more
   */
  public static double psi(double[] baseline, double[] candidate, int bins) {
    InvalidRequestException.requireNonNull(baseline, "baseline");
    InvalidRequestException.requireNonNull(candidate, "candidate");
    if (baseline.length == 0 || candidate.length == 0) {
      throw new InvalidRequestException("Cannot compute a PSI with an empty sample");
    }
    if (bins < 2) {
      throw new InvalidRequestException("Cannot compute a PSI with " + bins + " bins: use at least 2");
    }
    double[] sorted = baseline.clone();
    Arrays.sort(sorted);
    double[] edges = Arrays.stream(quantileEdges(sorted, bins)).distinct().toArray();
    long[] b = counts(baseline, edges);
    long[] c = counts(candidate, edges);
    double psi = 0;
    for (int i = 0; i < b.length; i++) {
      double pb = Math.max((double) b[i] / baseline.length, EMPTY_BIN_PROPORTION);
      double pc = Math.max((double) c[i] / candidate.length, EMPTY_BIN_PROPORTION);
      psi += (pc - pb) * Math.log(pc / pb);
    }
    return psi;
  }

  /**
   * Two-sample Kolmogorov–Smirnov test (two-sided), by Apache Commons Statistics with its
   * default p-value method (exact for small samples, asymptotic for large).
   *
   * @param baseline the baseline's values, at least one
   * @param candidate the candidate's values, at least one
   * @return {@code {D, p}}: the largest distance between the empirical distributions, and the p-value
   */
  public static double[] ks(double[] baseline, double[] candidate) {
    KolmogorovSmirnovTest.TwoResult result = KolmogorovSmirnovTest.withDefaults().test(baseline, candidate);
    return new double[] {result.getStatistic(), result.getPValue()};
  }

  private static double[] quantileEdges(double[] sorted, int bins) {
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = sorted[(int) Math.min(sorted.length - 1, (long) i * sorted.length / bins)];
    }
    return edges;
  }

  private static long[] counts(double[] values, double[] edges) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      // Number of edges <= v: the bin [edge(k-1), edge(k)) that holds v.
      int position = Arrays.binarySearch(edges, v);
      int bin = position >= 0 ? position + 1 : -position - 1;
      counts[bin]++;
    }
    return counts;
  }
}
