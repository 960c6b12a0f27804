package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.exceptions.InvalidSampleException;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statistics against values computed independently of the code under test: NumPy's linear
 * quantile formula worked by hand, exact enumeration of rank splits, SciPy's documented examples.
 * Each test names its reference.
 */
class ReferenceStatisticsTest {
  @Test
  void quantilesInterpolateLinearlyAsNumpyDoes() {
    // Reference: numpy.quantile's default (method="linear"), worked by hand: h = (n - 1) q,
    // a[floor h] + (h - floor h) (a[floor h + 1] - a[floor h]).
    double[] oneToTen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // numpy.quantile(np.arange(1, 11), np.linspace(0.1, 0.9, 9)) = [1.9, 2.8, ..., 9.1]
    assertThat(DriftStatistics.psiEdges(oneToTen, 10))
        .containsExactly(new double[] {1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1}, within(1e-12));
    // numpy.quantile([3, 1, 4, 1, 5, 9, 2], 0.3): sorted [1, 1, 2, 3, 4, 5, 9], h = 1.8, 1 + 0.8 * (2 - 1) = 1.8
    assertThat(DriftStatistics.quantile(new double[] {1, 1, 2, 3, 4, 5, 9}, 0.3)).isCloseTo(1.8, within(1e-12));
    assertThat(DriftStatistics.quantile(new double[] {1, 1, 2, 3, 4, 5, 9}, 1.0)).isEqualTo(9);
    assertThat(DriftStatistics.quantile(new double[] {1, 1, 2, 3, 4, 5, 9}, 0.0)).isEqualTo(1);
  }

  @Test
  void decilePsiMatchesAHandComputationWithNumpyEdges() {
    // Reference: hand computation. Baseline 1..20: deciles numpy.quantile(b, [.1, ..., .9]) = 2.9, 4.8, 6.7,
    // 8.6, 10.5, 12.4, 14.3, 16.2, 18.1 (h = 19q), so each of the ten bins holds two baseline values (0.1).
    // Candidate: 2.95 and 3 fall in [2.9, 4.8) under these edges (the old floor(k n / 10) edges 3, 5, ...
    // would have put 2.95 in the first bin); 5, 6 in [4.8, 6.7); the other six values in [18.1, inf).
    double[] baseline = new double[20];
    for (int i = 0; i < 20; i++) {
      baseline[i] = i + 1;
    }
    double[] candidate = {2.95, 3, 5, 6, 19, 19.5, 20, 21, 22, 23};
    // Proportions: bins 1, 2 hold 0.2 each, bin 9 holds 0.6, the seven others are empty (1e-4).
    double expected = 2 * (0.2 - 0.1) * Math.log(0.2 / 0.1) + (0.6 - 0.1) * Math.log(0.6 / 0.1)
        + 7 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertThat(DriftStatistics.psi(baseline, candidate, 10)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void categoricalPsiMatchesAHandComputation() {
    // Reference: hand computation over the union of categories; "c" is absent from the baseline (1e-4).
    double psi = DriftStatistics.categoricalPsi(Map.of("a", 50L, "b", 50L), Map.of("a", 25L, "b", 50L, "c", 25L));
    double expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.5 - 0.5) * 0 + (0.25 - 1e-4) * Math.log(0.25 / 1e-4);
    assertThat(psi).isCloseTo(expected, within(1e-12));
    assertThat(DriftStatistics.categoricalPsi(Map.of("a", 3L, "b", 1L), Map.of("a", 6L, "b", 2L))).isZero();
  }

  @Test
  void ksAndPsiRefuseNanEmptyAndOneValueWithATypedError() {
    double[] ok = {1, 2, 3};
    assertThatThrownBy(() -> DriftStatistics.ks(new double[] {1, Double.NaN, 3}, ok))
        .isInstanceOf(InvalidSampleException.class)
        .hasMessage("Cannot measure drift: baseline value 1 is NaN; drop missing or failed values (count them as nulls)"
            + " before measuring");
    assertThatThrownBy(() -> DriftStatistics.psi(ok, new double[0], 10)).isInstanceOf(InvalidSampleException.class)
        .hasMessage("Cannot measure drift with an empty candidate sample; collect at least two values")
        .extracting(e -> ((InvalidSampleException) e).sample()).isEqualTo("candidate");
    assertThatThrownBy(() -> DriftStatistics.ks(new double[] {4}, ok)).isInstanceOf(InvalidSampleException.class)
        .hasMessage("Cannot measure drift with a baseline sample of one value (4.0); collect at least two values");
    assertThatThrownBy(() -> DriftStatistics.psi(ok, new double[] {1, Double.POSITIVE_INFINITY}, 10))
        .isInstanceOf(InvalidSampleException.class);
    assertThatThrownBy(() -> DriftStatistics.categoricalPsi(Map.of(), Map.of("a", 1L)))
        .isInstanceOf(InvalidSampleException.class)
        .hasMessage("Cannot compute a PSI: the baseline sample is empty; collect values first");
  }

  @Test
  void driftCheckTurnsTooFewValuesIntoAFailedColumnNotAnException() {
    DriftCheck check = DriftCheck.named("d").columns("x").maxPsi(0.2).minKsPValue(0.01)
        .whenNoBaseline(BaselinePolicy.SKIP).build();
    CheckResult result = check.compare(CsvTables.text("b", "x\n1\n2\n3\n"), CsvTables.text("c", "x\nNaN\n5\n"));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).contains("has a single numeric value in the candidate");
  }

  @Test
  void mannWhitneyMatchesScipysDocumentedExampleAndItsExactRule() {
    // Reference: the example in SciPy's mannwhitneyu documentation (1.16): males [19, 22, 16, 29, 24] and
    // females [20, 11, 17, 12] give U1 = 17 and, by the exact method that "auto" picks (no ties, a sample
    // of at most 8), two-sided p = 0.1111111111111111. Exact enumeration agrees: of the C(9, 4) = 126
    // splits, 7 give U >= 17, so p = 2 * 7 / 126 = 1/9.
    double[] males = {19, 22, 16, 29, 24};
    double[] females = {20, 11, 17, 12};
    assertThat(countSplitsWithUAtLeast(males, females, 17)).isEqualTo(7);
    MetricJudgement m = judgeWithoutMargin(females, males);
    assertThat(m.u()).isEqualTo(17);
    assertThat(m.method()).isEqualTo(MannWhitneyMethod.EXACT);
    assertThat(m.twoSidedPValue()).isCloseTo(1.0 / 9, within(1e-12));
    assertThat(m.pValue()).isCloseTo(7.0 / 126, within(1e-12));
    // The hand formula below reproduces SciPy's documented asymptotic p for the same data, 0.11134688653314041.
    assertThat(asymptoticTwoSided(17, 5, 4)).isCloseTo(0.11134688653314041, within(1e-9));
  }

  @Test
  void withNineValuesOnEachSideTheJudgeSwitchesToTheAsymptoticMethodAsScipyDoes() {
    // Reference: SciPy's rule (exact only when the smaller sample has at most 8 values and there are no
    // ties; Commons Statistics alone would stay exact up to 50), and the normal approximation with
    // continuity correction worked by hand: z = (|U - nm/2| - 0.5) / sqrt(nm(n+m+1)/12), p = 2(1 - Phi(z)).
    double[] canary = {10.5, 12.25, 13, 14.5, 15.75, 16, 17.5, 18.25, 19};
    double[] baseline = {9, 9.5, 10, 11, 11.5, 12, 13.5, 14, 15};
    MetricJudgement m = judgeWithoutMargin(baseline, canary);
    assertThat(m.method()).isEqualTo(MannWhitneyMethod.ASYMPTOTIC);
    double u = uOf(canary, baseline);
    assertThat(m.u()).isEqualTo(u);
    assertThat(m.twoSidedPValue()).isCloseTo(asymptoticTwoSided(u, 9, 9), within(1e-9));
    // Eight on one side is exact again; a tie makes it asymptotic.
    assertThat(CanaryJudge.chooseMethod(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {9, 10, 11, 12, 13, 14,
        15, 16, 17, 18})).isEqualTo(MannWhitneyMethod.EXACT);
    assertThat(CanaryJudge.chooseMethod(new double[] {1, 2, 3}, new double[] {3, 4, 5}))
        .isEqualTo(MannWhitneyMethod.ASYMPTOTIC);
  }

  private static MetricJudgement judgeWithoutMargin(double[] baseline, double[] canary) {
    return CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("m").minSamples(3)).build()
        .judge(Map.of("m", baseline), Map.of("m", canary)).metric("m").orElseThrow();
  }

  /** U of x against y counted pair by pair (ties count one half). */
  private static double uOf(double[] x, double[] y) {
    double u = 0;
    for (double a : x) {
      for (double b : y) {
        u += a > b ? 1 : a == b ? 0.5 : 0;
      }
    }
    return u;
  }

  /** Counts the splits of the pooled values into groups of x's and y's sizes whose U is at least {@code u}. */
  private static int countSplitsWithUAtLeast(double[] x, double[] y, double u) {
    double[] pooled = new double[x.length + y.length];
    System.arraycopy(x, 0, pooled, 0, x.length);
    System.arraycopy(y, 0, pooled, x.length, y.length);
    int count = 0;
    for (int mask = 0; mask < 1 << pooled.length; mask++) {
      if (Integer.bitCount(mask) != x.length) {
        continue;
      }
      List<Double> first = new ArrayList<>();
      List<Double> second = new ArrayList<>();
      for (int i = 0; i < pooled.length; i++) {
        ((mask & 1 << i) != 0 ? first : second).add(pooled[i]);
      }
      if (uOf(first.stream().mapToDouble(Double::doubleValue).toArray(),
          second.stream().mapToDouble(Double::doubleValue).toArray()) >= u) {
        count++;
      }
    }
    return count;
  }

  private static double asymptoticTwoSided(double u, int n, int m) {
    double mean = n * m / 2.0;
    double sd = Math.sqrt(n * m * (n + m + 1) / 12.0);
    double z = (Math.abs(u - mean) - 0.5) / sd;
    return 2 * (1 - phi(z));
  }

  /** The standard normal CDF by Simpson's rule on the density (error far below 1e-12 here). */
  private static double phi(double z) {
    int steps = 20_000;
    double h = z / steps;
    double sum = density(0) + density(z);
    for (int i = 1; i < steps; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * density(i * h);
    }
    return 0.5 + sum * h / 3;
  }

  private static double density(double t) {
    return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
  }
}
