package dev.pedigree.checks;

/**
 * How a Mann–Whitney U p-value was computed. {@link CanaryJudge} chooses as SciPy's
 * {@code scipy.stats.mannwhitneyu(method="auto")} does (SciPy 1.7 to 1.16): {@link #EXACT} when
 * the smaller sample has at most 8 values and no value is tied, {@link #ASYMPTOTIC} otherwise.
 */
public enum MannWhitneyMethod {
  /** The exact distribution of U under the null hypothesis (no tie correction; used only without ties). */
  EXACT,
  /** The normal approximation with tie correction and continuity correction. */
  ASYMPTOTIC,
  /** The test did not run (too few samples, or every value equal). */
  NOT_RUN
}
