package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * Judges a shadow run: how far a candidate, run beside production on mirrored requests (see
 * {@link dev.pedigree.serving.ShadowRunner}), agreed with it, and how fast it was.
 *
 * <pre>{@code
 * ShadowCheck shadow = ShadowCheck.named("shadow-agreement")
 *     .samples(ctx -> ShadowSamples.of(runner.observations(), p -> p >= 0.5 ? "churn" : "stay", p -> p))
 *     .minAgreement(0.95).positiveLabel("churn").maxFlipRate(0.03)   // decisions
 *     .maxMeanAbsDifference(0.05).maxAbsDifference(0.30)              // scores
 *     .minPairedPValue(0.01)                                          // no systematic shift
 *     .maxLatencyRatio(1.5)                                           // candidate p95 / production p95
 *     .build();
 * }</pre>
 *
 * <p>Measures, each recorded as evidence (full precision in {@link Evidence#numbers()}):
 * <ul>
 *   <li>decisions: the agreement rate (the share of requests where both decided the same) and
 *       the flip rate (the share where exactly one of them chose the positive label; without a
 *       positive label, the share of disagreements);</li>
 *   <li>scores: the mean and the largest absolute difference, and the two-sided Wilcoxon
 *       signed-rank test of the paired differences (Apache Commons Statistics with its defaults;
 *       all-zero differences give p = 1). A p-value below {@code minPairedPValue} means the
 *       candidate's scores are systematically shifted;</li>
 *   <li>latency: the 50th and 95th percentiles of each side (linear interpolation, as
 *       {@code numpy.percentile}) and the ratio of the 95th percentiles;</li>
 *   <li>the share of mirrored requests the candidate failed on (must not exceed
 *       {@code maxCandidateErrorRate}, default 0).</li>
 * </ul>
 * Fewer pairs than {@code minSamples} (default 30) fail the check: too little was observed.
 */
public final class ShadowCheck implements Check {
  private final String name;
  private final Function<CheckContext, ShadowSamples> samples;
  private final Double minAgreement;
  private final Double maxFlipRate;
  private final String positiveLabel;
  private final Double maxMeanAbsDifference;
  private final Double maxAbsDifference;
  private final Double minPairedPValue;
  private final Double maxLatencyRatio;
  private final double maxCandidateErrorRate;
  private final int minSamples;

  private ShadowCheck(Builder b) {
    this.name = b.name;
    this.samples = b.samples;
    this.minAgreement = b.minAgreement;
    this.maxFlipRate = b.maxFlipRate;
    this.positiveLabel = b.positiveLabel;
    this.maxMeanAbsDifference = b.maxMeanAbsDifference;
    this.maxAbsDifference = b.maxAbsDifference;
    this.minPairedPValue = b.minPairedPValue;
    this.maxLatencyRatio = b.maxLatencyRatio;
    this.maxCandidateErrorRate = b.maxCandidateErrorRate == null ? 0 : b.maxCandidateErrorRate;
    this.minSamples = b.minSamples == null ? 30 : b.minSamples;
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

  @Override
  public CheckResult evaluate(CheckContext context) {
    if (samples == null) {
      throw new InvalidRequestException("Cannot run check '" + name + "' in a gate: it has no samples source; build it"
          + " with samples(ctx -> ShadowSamples.of(...)), or call compare(samples) directly");
    }
    CheckResult result = compare(Objects.requireNonNull(samples.apply(context), "samples"));
    return context.baseline().map(b -> new CheckResult(name, result.status(), true, result.evidence().withBaseline(b.id())))
        .orElse(result);
  }

  /**
   * Judges recorded samples directly.
   *
   * @param recorded the shadow run's samples
   * @return the result
   */
  public CheckResult compare(ShadowSamples recorded) {
    Evidence.Builder evidence = Evidence.builder("");
    List<String> failures = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    int labels = recorded.productionLabels().size();
    double[] ps = recorded.productionScores();
    double[] cs = recorded.candidateScores();
    int pairs = Math.max(labels, ps.length);
    evidence.observed("pairs", pairs);
    evidence.threshold("pairs", ">= " + minSamples);
    if (pairs < minSamples) {
      failures.add("only " + pairs + " paired requests were recorded, fewer than the " + minSamples + " needed");
    }
    long errors = recorded.candidateErrors();
    double errorRate = errors == 0 ? 0 : (double) errors / (errors + pairs);
    evidence.observed("candidateErrorRate", errorRate);
    evidence.threshold("candidateErrorRate", "<= " + Evidence.format(maxCandidateErrorRate));
    if (errorRate > maxCandidateErrorRate) {
      failures.add("the candidate failed on " + errors + " mirrored requests (rate " + Evidence.format(errorRate) + ")");
    }
    if ((minAgreement != null || maxFlipRate != null) && labels > 0) {
      long agree = 0;
      long flips = 0;
      for (int i = 0; i < labels; i++) {
        String p = recorded.productionLabels().get(i);
        String c = recorded.candidateLabels().get(i);
        agree += p.equals(c) ? 1 : 0;
        boolean flipped = positiveLabel == null ? !p.equals(c) : p.equals(positiveLabel) != c.equals(positiveLabel);
        flips += flipped ? 1 : 0;
      }
      double agreement = (double) agree / labels;
      double flipRate = (double) flips / labels;
      evidence.observed("agreement", agreement);
      evidence.observed("flipRate", flipRate);
      findings.add("decisions agree on " + agree + " of " + labels + " requests (" + Evidence.format(agreement * 100)
          + "%), " + flips + " flipped");
      if (minAgreement != null) {
        evidence.threshold("agreement", ">= " + Evidence.format(minAgreement));
        if (agreement < minAgreement) {
          failures.add("agreement " + Evidence.format(agreement) + " is below " + Evidence.format(minAgreement));
        }
      }
      if (maxFlipRate != null) {
        evidence.threshold("flipRate", "<= " + Evidence.format(maxFlipRate));
        if (flipRate > maxFlipRate) {
          failures.add("flip rate " + Evidence.format(flipRate) + " is above " + Evidence.format(maxFlipRate));
        }
      }
    } else if (minAgreement != null || maxFlipRate != null) {
      failures.add("no decisions were recorded to compare");
    }
    boolean scoreRules = maxMeanAbsDifference != null || maxAbsDifference != null || minPairedPValue != null;
    if (scoreRules && ps.length > 0) {
      scores(ps, cs, evidence, findings, failures);
    } else if (scoreRules) {
      failures.add("no scores were recorded to compare");
    }
    if (maxLatencyRatio != null) {
      latency(recorded, evidence, findings, failures);
    }
    String summary = (failures.isEmpty() ? "The candidate shadowed production acceptably: "
        : "The candidate's shadow run fails: " + String.join("; ", failures) + ". Observed: ")
        + (findings.isEmpty() ? "nothing to compare" : String.join("; ", findings)) + ".";
    return CheckResult.of(name, failures.isEmpty(), evidence.build().withSummary(summary));
  }

  private void scores(double[] ps, double[] cs, Evidence.Builder evidence, List<String> findings, List<String> failures) {
    double[] differences = new double[ps.length];
    double sum = 0;
    double max = 0;
    boolean allZero = true;
    for (int i = 0; i < ps.length; i++) {
      if (!Double.isFinite(ps[i]) || !Double.isFinite(cs[i])) {
        throw new dev.pedigree.exceptions.InvalidSampleException(Double.isFinite(ps[i]) ? "candidate" : "production",
            "Cannot compare shadow scores: pair " + i + " holds " + ps[i] + " and " + cs[i]
                + "; drop failed requests before comparing");
      }
      differences[i] = cs[i] - ps[i];
      sum += Math.abs(differences[i]);
      max = Math.max(max, Math.abs(differences[i]));
      allZero &= differences[i] == 0;
    }
    double mean = sum / ps.length;
    double p = allZero || ps.length < 2 ? 1 : WilcoxonSignedRankTest.withDefaults().test(cs, ps).getPValue();
    evidence.observed("meanAbsDifference", mean);
    evidence.observed("maxAbsDifference", max);
    evidence.observed("pairedPValue", p);
    findings.add("scores differ by " + Evidence.format(mean) + " on average and " + Evidence.format(max)
        + " at most; Wilcoxon signed-rank p = " + Evidence.format(p));
    if (maxMeanAbsDifference != null) {
      evidence.threshold("meanAbsDifference", "<= " + Evidence.format(maxMeanAbsDifference));
      if (mean > maxMeanAbsDifference) {
        failures.add("the mean absolute score difference " + Evidence.format(mean) + " is above "
            + Evidence.format(maxMeanAbsDifference));
      }
    }
    if (maxAbsDifference != null) {
      evidence.threshold("maxAbsDifference", "<= " + Evidence.format(maxAbsDifference));
      if (max > maxAbsDifference) {
        failures.add("the largest score difference " + Evidence.format(max) + " is above "
            + Evidence.format(maxAbsDifference));
      }
    }
    if (minPairedPValue != null) {
      evidence.threshold("pairedPValue", ">= " + Evidence.format(minPairedPValue));
      if (p < minPairedPValue) {
        failures.add("the scores are systematically shifted (Wilcoxon p = " + Evidence.format(p) + " < "
            + Evidence.format(minPairedPValue) + ")");
      }
    }
  }

  private void latency(ShadowSamples recorded, Evidence.Builder evidence, List<String> findings, List<String> failures) {
    double[] pl = recorded.productionLatencyMillis();
    double[] cl = recorded.candidateLatencyMillis();
    if (pl.length == 0) {
      failures.add("no latencies were recorded to compare");
      return;
    }
    Arrays.sort(pl);
    Arrays.sort(cl);
    double p50 = DriftStatistics.quantile(pl, 0.5);
    double c50 = DriftStatistics.quantile(cl, 0.5);
    double p95 = DriftStatistics.quantile(pl, 0.95);
    double c95 = DriftStatistics.quantile(cl, 0.95);
    double ratio = p95 == 0 ? (c95 == 0 ? 1 : Double.POSITIVE_INFINITY) : c95 / p95;
    evidence.observed("productionLatencyP50Ms", p50);
    evidence.observed("candidateLatencyP50Ms", c50);
    evidence.observed("productionLatencyP95Ms", p95);
    evidence.observed("candidateLatencyP95Ms", c95);
    evidence.observed("latencyP95Ratio", ratio);
    evidence.threshold("latencyP95Ratio", "<= " + Evidence.format(maxLatencyRatio));
    findings.add("p95 latency " + Evidence.format(c95) + " ms against production's " + Evidence.format(p95) + " ms");
    if (ratio > maxLatencyRatio) {
      failures.add("the candidate's p95 latency is " + Evidence.format(ratio) + " times production's (at most "
          + Evidence.format(maxLatencyRatio) + ")");
    }
  }

  /** Builds a {@link ShadowCheck}. Strict: each setting once, at least one rule. */
  public static final class Builder {
    private final String name;
    private Function<CheckContext, ShadowSamples> samples;
    private Double minAgreement;
    private Double maxFlipRate;
    private String positiveLabel;
    private Double maxMeanAbsDifference;
    private Double maxAbsDifference;
    private Double minPairedPValue;
    private Double maxLatencyRatio;
    private Double maxCandidateErrorRate;
    private Integer minSamples;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets where a gate gets the recorded samples from.
     *
     * @param source the samples for a context (for example from a {@code ShadowRunner})
     * @return this builder
     */
    public Builder samples(Function<CheckContext, ShadowSamples> source) {
      Settings.once(samples, "samples", name);
      samples = InvalidRequestException.requireNonNull(source, "source");
      return this;
    }

    /**
     * Fails when fewer decisions than this share agree.
     *
     * @param fraction from 0 to 1, such as 0.95
     * @return this builder
     */
    public Builder minAgreement(double fraction) {
      Settings.once(minAgreement, "minAgreement", name);
      minAgreement = Settings.fraction(fraction, "minAgreement", name);
      return this;
    }

    /**
     * Fails when more than this share of decisions flipped.
     *
     * @param fraction from 0 to 1, such as 0.03
     * @return this builder
     */
    public Builder maxFlipRate(double fraction) {
      Settings.once(maxFlipRate, "maxFlipRate", name);
      maxFlipRate = Settings.fraction(fraction, "maxFlipRate", name);
      return this;
    }

    /**
     * Names the positive decision, so that a flip is a change into or out of it.
     *
     * @param label such as {@code "churn"}
     * @return this builder
     */
    public Builder positiveLabel(String label) {
      Settings.once(positiveLabel, "positiveLabel", name);
      positiveLabel = InvalidRequestException.requireNonNull(label, "label");
      return this;
    }

    /**
     * Fails when the scores differ by more than this on average.
     *
     * @param limit 0 or more
     * @return this builder
     */
    public Builder maxMeanAbsDifference(double limit) {
      Settings.once(maxMeanAbsDifference, "maxMeanAbsDifference", name);
      maxMeanAbsDifference = nonNegative(limit, "maxMeanAbsDifference");
      return this;
    }

    /**
     * Fails when any pair of scores differs by more than this.
     *
     * @param limit 0 or more
     * @return this builder
     */
    public Builder maxAbsDifference(double limit) {
      Settings.once(maxAbsDifference, "maxAbsDifference", name);
      maxAbsDifference = nonNegative(limit, "maxAbsDifference");
      return this;
    }

    /**
     * Fails when the paired Wilcoxon signed-rank test finds a systematic shift at this level.
     *
     * @param alpha between 0 and 1, such as 0.01
     * @return this builder
     */
    public Builder minPairedPValue(double alpha) {
      Settings.once(minPairedPValue, "minPairedPValue", name);
      minPairedPValue = Settings.significance(alpha, "minPairedPValue", name);
      return this;
    }

    /**
     * Fails when the candidate's 95th-percentile latency exceeds production's times this.
     *
     * @param ratio at least 1, such as 1.5
     * @return this builder
     */
    public Builder maxLatencyRatio(double ratio) {
      Settings.once(maxLatencyRatio, "maxLatencyRatio", name);
      if (!(ratio >= 1) || Double.isInfinite(ratio)) {
        throw new InvalidRequestException("Cannot use latency ratio " + ratio + " in check '" + name
            + "': give a finite ratio of at least 1, such as 1.5");
      }
      maxLatencyRatio = ratio;
      return this;
    }

    /**
     * Sets the share of mirrored requests the candidate may fail on (default 0).
     *
     * @param fraction from 0 to 1
     * @return this builder
     */
    public Builder maxCandidateErrorRate(double fraction) {
      Settings.once(maxCandidateErrorRate, "maxCandidateErrorRate", name);
      maxCandidateErrorRate = Settings.fraction(fraction, "maxCandidateErrorRate", name);
      return this;
    }

    /**
     * Sets the fewest paired requests judged (default 30).
     *
     * @param count at least 2
     * @return this builder
     */
    public Builder minSamples(int count) {
      Settings.once(minSamples, "minSamples", name);
      if (count < 2) {
        throw new InvalidRequestException("Cannot judge a shadow run on " + count + " requests in check '" + name
            + "': require at least 2");
      }
      minSamples = count;
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws InvalidRequestException if it has no rule
     */
    public ShadowCheck build() {
      if (minAgreement == null && maxFlipRate == null && maxMeanAbsDifference == null && maxAbsDifference == null
          && minPairedPValue == null && maxLatencyRatio == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': it has no rule; add minAgreement,"
            + " maxFlipRate, maxMeanAbsDifference, maxAbsDifference, minPairedPValue or maxLatencyRatio");
      }
      return new ShadowCheck(this);
    }

    private double nonNegative(double value, String setting) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new InvalidRequestException("Cannot use " + value + " as " + setting + " of check '" + name
            + "': give a finite number, 0 or more");
      }
      return value;
    }
  }
}
