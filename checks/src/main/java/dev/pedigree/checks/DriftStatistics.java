package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.InvalidSampleException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The drift measures {@link DriftCheck} and {@link SkewCheck} use, public so that their
 * definitions can be read, tested and reused. They are defined to give the numbers the Python
 * tools give on the same input: quantiles as NumPy's default {@code numpy.quantile}
 * ({@code method="linear"}), the KS test as SciPy's {@code ks_2samp} with its default method.
 *
 * <p>Every statistic refuses a sample that is empty, holds a single value, or holds NaN or an
 * infinite value, with an {@link InvalidSampleException} naming the sample: drop missing values
 * before measuring (and count them separately, as {@link SkewCheck} does).
 */
public final class DriftStatistics {
  /** The proportion an empty bin is given so that the logarithm in PSI stays finite. */
  public static final double EMPTY_BIN_PROPORTION = 1e-4;

  private DriftStatistics() {
  }

  /**
   * The {@code q}-quantile of sorted values by linear interpolation, NumPy's default
   * ({@code numpy.quantile(a, q)}, method {@code "linear"}): with {@code h = (n - 1) q}, the
   * value {@code a[floor(h)] + (h - floor(h)) (a[floor(h) + 1] - a[floor(h)])}.
   *
   * @param sorted values in ascending order, at least one
   * @param q the probability, from 0 to 1
   * @return the quantile
   * @throws InvalidSampleException if there are no values or {@code q} is outside [0, 1]
   */
  public static double quantile(double[] sorted, double q) {
    InvalidRequestException.requireNonNull(sorted, "sorted");
    if (sorted.length == 0) {
      throw new InvalidSampleException("values", "Cannot compute a quantile of no values; give at least one value");
    }
    if (!(q >= 0 && q <= 1)) {
      throw new InvalidSampleException("q", "Cannot compute the " + q + "-quantile: give a probability from 0 to 1");
    }
    double h = (sorted.length - 1) * q;
    int low = (int) Math.floor(h);
    if (low >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
  }

  /**
   * The interior bin edges PSI uses: the baseline's quantiles at {@code 1/bins, ..., (bins-1)/bins}
   * by {@link #quantile} (with 10 bins, the deciles {@code numpy.quantile(b, [0.1, ..., 0.9])}),
   * repeated edges merged.
   *
   * @param baseline the baseline's values (at least two, none NaN or infinite)
   * @param bins the number of bins wanted, at least 2
   * @return the distinct edges, ascending
   */
  public static double[] psiEdges(double[] baseline, int bins) {
    checkSample("baseline", baseline);
    requireBins(bins);
    double[] sorted = baseline.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = quantile(sorted, (double) i / bins);
    }
    return Arrays.stream(edges).distinct().toArray();
  }

  /**
   * Counts values into the bins that edges delimit: bin {@code k} holds the values {@code v} with
   * {@code edge(k-1) <= v < edge(k)}, the first bin open below and the last open above, so every
   * value falls in one bin ({@code numpy.digitize(v, edges)} gives the same bin numbers).
   *
   * @param values the values
   * @param edges ascending, distinct edges
   * @return {@code edges.length + 1} counts
   */
  public static long[] binCounts(double[] values, double[] edges) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int position = Arrays.binarySearch(edges, v);
      counts[position >= 0 ? position + 1 : -position - 1]++;
    }
    return counts;
  }

  /**
   * Population stability index of a candidate sample against a baseline sample:
   * {@code sum over bins of (c - b) * ln(c / b)}, where {@code b} and {@code c} are the
   * proportions of each sample in a bin.
   *
   * <p>Binning: {@link #psiEdges} (the baseline's deciles for 10 bins, interpolated linearly as
   * NumPy does) and {@link #binCounts}. An empty bin counts as proportion
   * {@link #EMPTY_BIN_PROPORTION}. Common reading: below 0.1 stable, 0.1 to 0.25 some drift,
   * above 0.25 major drift.
   *
   * @param baseline the baseline's values, at least two, none NaN or infinite
   * @param candidate the candidate's values, at least two, none NaN or infinite
   * @param bins the number of quantile bins wanted, at least 2
   * @return the index, 0 or more
   * @throws InvalidSampleException if a sample is empty, has one value, or holds NaN or infinity
   */
  public static double psi(double[] baseline, double[] candidate, int bins) {
    checkSample("baseline", baseline);
    checkSample("candidate", candidate);
    double[] edges = psiEdges(baseline, bins);
    return psiFromCounts(binCounts(baseline, edges), binCounts(candidate, edges));
  }

  /**
   * PSI from counts per bin (or per category) of the two samples, bins in the same order.
   *
   * @param baseline the baseline's counts
   * @param candidate the candidate's counts, as many as the baseline's
   * @return the index, 0 or more
   * @throws InvalidSampleException if either side counts nothing, or the lengths differ
   */
  public static double psiFromCounts(long[] baseline, long[] candidate) {
    if (baseline.length != candidate.length) {
      throw new InvalidSampleException("candidate", "Cannot compute a PSI over " + baseline.length + " baseline bins and "
          + candidate.length + " candidate bins; count both samples into the same bins");
    }
    long nb = total("baseline", baseline);
    long nc = total("candidate", candidate);
    double psi = 0;
    for (int i = 0; i < baseline.length; i++) {
      double pb = Math.max((double) baseline[i] / nb, EMPTY_BIN_PROPORTION);
      double pc = Math.max((double) candidate[i] / nc, EMPTY_BIN_PROPORTION);
      psi += (pc - pb) * Math.log(pc / pb);
    }
    return psi;
  }

  /**
   * PSI of a categorical column: one bin per category seen on either side (a category missing
   * from one side counts as proportion {@link #EMPTY_BIN_PROPORTION} there), as
   * {@code pandas.Series.value_counts(normalize=True)} on both sides, aligned on the union of
   * categories, would give.
   *
   * @param baseline the baseline's count of each category
   * @param candidate the candidate's count of each category
   * @return the index, 0 or more
   * @throws InvalidSampleException if either side counts nothing or a count is negative
   */
  public static double categoricalPsi(Map<String, Long> baseline, Map<String, Long> candidate) {
    InvalidRequestException.requireNonNull(baseline, "baseline");
    InvalidRequestException.requireNonNull(candidate, "candidate");
    TreeSet<String> categories = new TreeSet<>(baseline.keySet());
    categories.addAll(candidate.keySet());
    long[] b = new long[categories.size()];
    long[] c = new long[categories.size()];
    int i = 0;
    for (String category : categories) {
      b[i] = baseline.getOrDefault(category, 0L);
      c[i] = candidate.getOrDefault(category, 0L);
      i++;
    }
    return psiFromCounts(b, c);
  }

  /**
   * Two-sample Kolmogorov–Smirnov test (two-sided), by Apache Commons Statistics with its
   * default p-value method (exact for small samples, asymptotic for large), which matches
   * SciPy's {@code ks_2samp} default.
   *
   * @param baseline the baseline's values, at least two, none NaN or infinite
   * @param candidate the candidate's values, at least two, none NaN or infinite
   * @return {@code {D, p}}: the largest distance between the empirical distributions, and the p-value
   * @throws InvalidSampleException if a sample is empty, has one value, or holds NaN or infinity
   */
  public static double[] ks(double[] baseline, double[] candidate) {
    checkSample("baseline", baseline);
    checkSample("candidate", candidate);
    KolmogorovSmirnovTest.TwoResult result;
    try {
      result = KolmogorovSmirnovTest.withDefaults().test(baseline, candidate);
    } catch (IllegalArgumentException e) {
      // Commons Statistics' InferenceException; the checks above should leave none.
      throw new InvalidSampleException("candidate", "Cannot run a KS test on these samples: " + e.getMessage()
          + "; check that both samples hold finite numbers");
    }
    return new double[] {result.getStatistic(), result.getPValue()};
  }

  /**
   * Checks that a sample can be measured: at least two values, all finite.
   *
   * @param name the sample's name for the message, such as {@code "baseline"}
   * @param values the values
   * @throws InvalidSampleException if it cannot
   */
  public static void checkSample(String name, double[] values) {
    if (values == null || values.length == 0) {
      throw new InvalidSampleException(name, "Cannot measure drift with an empty " + name
          + " sample; collect at least two values");
    }
    if (values.length == 1) {
      throw new InvalidSampleException(name, "Cannot measure drift with a " + name + " sample of one value ("
          + values[0] + "); collect at least two values");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidSampleException(name, "Cannot measure drift: " + name + " value " + i + " is " + values[i]
            + "; drop missing or failed values (count them as nulls) before measuring");
      }
    }
  }

  private static void requireBins(int bins) {
    if (bins < 2) {
      throw new InvalidSampleException("bins", "Cannot compute a PSI with " + bins + " bins: use at least 2");
    }
  }

  private static long total(String name, long[] counts) {
    long sum = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new InvalidSampleException(name, "Cannot compute a PSI with a negative " + name + " count " + c);
      }
      sum += c;
    }
    if (sum == 0) {
      throw new InvalidSampleException(name, "Cannot compute a PSI: the " + name + " sample is empty; collect values first");
    }
    return sum;
  }
}
