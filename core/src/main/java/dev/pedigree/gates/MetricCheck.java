package dev.pedigree.gates;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * A check on one or several recorded metrics of the candidate, with exactly one criterion:
 *
 * <ul>
 *   <li>{@code atLeast(x)}: each metric {@code >= x} ({@code auc >= 0.80});</li>
 *   <li>{@code atMost(x)}: each metric {@code <= x} ({@code log_loss <= 0.4});</li>
 *   <li>{@code maxRelativeDrop(f)}: compared with the baseline, the relative degradation
 *       {@code (baseline - candidate) / |baseline|} (for higher-is-better metrics; reversed for
 *       lower-is-better) must stay below {@code f}: a degradation of {@code f} or more fails. So
 *       {@code maxRelativeDrop(0.01)} on AUC fails when the candidate is 1% or more below the
 *       baseline. A baseline value of 0 makes a relative drop undefined and the check fails.</li>
 *   <li>{@code maxAbsoluteDrop(d)}: the degradation {@code baseline - candidate} (reversed for
 *       lower-is-better) must stay below {@code d}; a degradation of {@code d} or more fails.</li>
 * </ul>
 *
 * <p>Comparisons with a limit treat values within {@code 1e-12} of it as reaching it, so a
 * degradation that is exactly the limit fails despite binary rounding ({@code 0.8 - 0.792}).
 * A metric the candidate (or baseline) lacks, or that is NaN, fails the check with a reason.
 * Comparisons with a baseline need a {@link BaselinePolicy} for the first promotion, when
 * there is none.
 *
 * <pre>{@code
 * MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build();
 * MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
 *     .whenNoBaseline(BaselinePolicy.PASS).build();
 * MetricCheck.named("losses").metrics("log_loss", "brier").lowerIsBetter().maxAbsoluteDrop(0.02)
 *     .whenNoBaseline(BaselinePolicy.SKIP).build();
 * }</pre>
 */
public final class MetricCheck implements Check {
  private static final double TOLERANCE = 1e-12;

  private enum Criterion { AT_LEAST, AT_MOST, RELATIVE_DROP, ABSOLUTE_DROP }

  private final String name;
  private final List<String> metrics;
  private final Criterion criterion;
  private final double limit;
  private final MetricDirection direction;
  private final BaselinePolicy noBaseline;

  private MetricCheck(Builder b) {
    this.name = b.name;
    this.metrics = List.copyOf(b.metrics);
    this.criterion = b.criterion;
    this.limit = b.limit;
    this.direction = b.direction;
    this.noBaseline = b.noBaseline;
  }

  /**
   * Starts building a metric check.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(Gate.requireValidName(name, "check"));
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the metrics this check reads.
   *
   * @return the metric names
   */
  public List<String> metrics() {
    return metrics;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    ArtifactVersion candidate = context.candidate();
    boolean comparative = criterion == Criterion.RELATIVE_DROP || criterion == Criterion.ABSOLUTE_DROP;
    if (comparative && context.baseline().isEmpty()) {
      String what = "There is no baseline to compare " + String.join(", ", metrics) + " with"
          + context.alias().map(a -> " (nothing holds alias '" + a + "' yet)").orElse("");
      Evidence.Builder evidence = Evidence.builder(switch (noBaseline) {
        case PASS -> what + "; passed by policy for a first promotion.";
        case FAIL -> what + "; failed by policy: this check requires a baseline.";
        case SKIP -> what + "; skipped by policy.";
      });
      metrics.forEach(m -> candidate.metric(m).ifPresent(v -> evidence.observed(m, v)));
      evidence.threshold("baseline", "none; policy " + noBaseline);
      return switch (noBaseline) {
        case PASS -> CheckResult.passed(name, evidence.build());
        case FAIL -> CheckResult.failed(name, evidence.build());
        case SKIP -> CheckResult.skipped(name, evidence.build());
      };
    }
    List<String> sentences = new ArrayList<>();
    boolean ok = true;
    ArtifactVersion baseline = context.baseline().orElse(null);
    Evidence.Builder collected = Evidence.builder("");
    for (String metric : metrics) {
      OptionalDouble value = candidate.metric(metric);
      if (value.isEmpty()) {
        ok = false;
        sentences.add("The candidate " + candidate.id() + " has no metric '" + metric + "'" + known(candidate)
            + "; record it when registering the version.");
        continue;
      }
      double c = value.getAsDouble();
      collected.observed(metric, c);
      if (Double.isNaN(c)) {
        ok = false;
        sentences.add(metric + " of the candidate is NaN, which no threshold accepts.");
        continue;
      }
      switch (criterion) {
        case AT_LEAST -> {
          collected.threshold(metric, ">= " + Evidence.format(limit));
          boolean pass = c >= limit - TOLERANCE;
          ok &= pass;
          sentences.add(metric + " is " + Evidence.format(c) + (pass ? ", at least " : ", below the minimum ")
              + Evidence.format(limit) + ".");
        }
        case AT_MOST -> {
          collected.threshold(metric, "<= " + Evidence.format(limit));
          boolean pass = c <= limit + TOLERANCE;
          ok &= pass;
          sentences.add(metric + " is " + Evidence.format(c) + (pass ? ", at most " : ", above the maximum ")
              + Evidence.format(limit) + ".");
        }
        case RELATIVE_DROP, ABSOLUTE_DROP -> {
          OptionalDouble base = baseline.metric(metric);
          if (base.isEmpty()) {
            ok = false;
            sentences.add("The baseline " + baseline.id() + " has no metric '" + metric + "'" + known(baseline)
                + ", so the candidate cannot be compared with it; use a check without a baseline, or record the metric.");
            continue;
          }
          double b = base.getAsDouble();
          collected.observed(metric + ".baseline", b);
          if (Double.isNaN(b)) {
            ok = false;
            sentences.add(metric + " of the baseline " + baseline.id() + " is NaN, so the candidate cannot be compared with it.");
            continue;
          }
          double degradation = direction == MetricDirection.HIGHER_IS_BETTER ? b - c : c - b;
          String worse = direction == MetricDirection.HIGHER_IS_BETTER ? "below" : "above";
          String better = direction == MetricDirection.HIGHER_IS_BETTER ? "above" : "below";
          if (criterion == Criterion.RELATIVE_DROP) {
            collected.threshold(metric, "relative degradation < " + percent(limit));
            if (b == 0) {
              ok = false;
              sentences.add(metric + " of the baseline " + baseline.id() + " is 0, so a relative change is undefined;"
                  + " use maxAbsoluteDrop for this metric.");
              continue;
            }
            double relative = degradation / Math.abs(b);
            collected.observed(metric + ".relativeDegradation", relative);
            boolean pass = relative < limit - TOLERANCE;
            ok &= pass;
            sentences.add(metric + " is " + Evidence.format(c) + ", " + percent(Math.abs(relative)) + " "
                + (relative >= 0 ? worse : better) + " the baseline " + baseline.id() + " (" + Evidence.format(b) + ")"
                + (pass ? ", within the limit: a degradation of " + percent(limit) + " or more fails."
                    : "; a degradation of " + percent(limit) + " or more fails."));
          } else {
            collected.threshold(metric, "absolute degradation < " + Evidence.format(limit));
            collected.observed(metric + ".degradation", degradation);
            boolean pass = degradation < limit - TOLERANCE;
            ok &= pass;
            sentences.add(metric + " is " + Evidence.format(c) + ", " + Evidence.format(Math.abs(degradation)) + " "
                + (degradation >= 0 ? worse : better) + " the baseline " + baseline.id() + " (" + Evidence.format(b) + ")"
                + (pass ? ", within the limit: a degradation of " + Evidence.format(limit) + " or more fails."
                    : "; a degradation of " + Evidence.format(limit) + " or more fails."));
          }
        }
      }
    }
    Evidence built = collected.build();
    Evidence.Builder evidence = Evidence.builder(String.join(" ", sentences)).addAll(built);
    if (baseline != null && comparative) {
      evidence.baseline(baseline.id());
    }
    return CheckResult.of(name, ok, evidence.build());
  }

  private static String known(ArtifactVersion version) {
    Set<String> names = new TreeSet<>(version.metrics().keySet());
    return names.isEmpty() ? " (it has no metrics)" : " (it has " + String.join(", ", names) + ")";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  @Override
  public String toString() {
    return "MetricCheck[" + name + ": " + metrics + " " + criterion.name().toLowerCase(Locale.ROOT) + " "
        + Evidence.format(limit) + "]";
  }

  /**
   * Builds a {@link MetricCheck}. Strict: each setting once, exactly one criterion, a direction
   * and a no-baseline policy for comparisons with a baseline (and neither for absolute limits).
   */
  public static final class Builder {
    private final String name;
    private final Set<String> metrics = new LinkedHashSet<>();
    private Criterion criterion;
    private double limit;
    private MetricDirection direction;
    private BaselinePolicy noBaseline;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a metric to check.
     *
     * @param metric the metric's name as recorded on versions
     * @return this builder
     * @throws InvalidRequestException if the metric was already added
     */
    public Builder metric(String metric) {
      InvalidRequestException.requireNonNull(metric, "metric");
      if (metric.isBlank()) {
        throw new InvalidRequestException("Cannot check a metric with a blank name in check '" + name + "'");
      }
      if (!metrics.add(metric)) {
        throw new InvalidRequestException("Cannot add metric '" + metric + "' to check '" + name
            + "' twice; name each metric once");
      }
      return this;
    }

    /**
     * Adds several metrics to check, each held to the same criterion.
     *
     * @param names the metrics
     * @return this builder
     */
    public Builder metrics(String... names) {
      for (String metric : names) {
        metric(metric);
      }
      return this;
    }

    /**
     * Says that larger values are better, for comparisons with the baseline.
     *
     * @return this builder
     */
    public Builder higherIsBetter() {
      return direction(MetricDirection.HIGHER_IS_BETTER);
    }

    /**
     * Says that smaller values are better, for comparisons with the baseline.
     *
     * @return this builder
     */
    public Builder lowerIsBetter() {
      return direction(MetricDirection.LOWER_IS_BETTER);
    }

    /**
     * Sets which way the metrics improve, for comparisons with the baseline.
     *
     * @param value the direction
     * @return this builder
     */
    public Builder direction(MetricDirection value) {
      if (direction != null) {
        throw new InvalidRequestException("Cannot set the direction of check '" + name + "' twice: it is already "
            + direction + "; give one direction");
      }
      direction = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Requires each metric to be at least a value.
     *
     * @param minimum the smallest passing value
     * @return this builder
     */
    public Builder atLeast(double minimum) {
      return criterion(Criterion.AT_LEAST, minimum, "atLeast");
    }

    /**
     * Requires each metric to be at most a value.
     *
     * @param maximum the largest passing value
     * @return this builder
     */
    public Builder atMost(double maximum) {
      return criterion(Criterion.AT_MOST, maximum, "atMost");
    }

    /**
     * Fails when a metric degrades, relative to the baseline's value, by this fraction or more.
     *
     * @param fraction such as {@code 0.01} for 1%; greater than 0
     * @return this builder
     */
    public Builder maxRelativeDrop(double fraction) {
      if (!(fraction > 0) || Double.isInfinite(fraction)) {
        throw new InvalidRequestException("Cannot use relative drop " + fraction + " in check '" + name
            + "': give a positive fraction such as 0.01 for 1%");
      }
      return criterion(Criterion.RELATIVE_DROP, fraction, "maxRelativeDrop");
    }

    /**
     * Fails when a metric degrades, compared with the baseline's value, by this amount or more.
     *
     * @param amount in the metric's units; greater than 0
     * @return this builder
     */
    public Builder maxAbsoluteDrop(double amount) {
      if (!(amount > 0) || Double.isInfinite(amount)) {
        throw new InvalidRequestException("Cannot use absolute drop " + amount + " in check '" + name
            + "': give a positive amount in the metric's units");
      }
      return criterion(Criterion.ABSOLUTE_DROP, amount, "maxAbsoluteDrop");
    }

    /**
     * Sets what happens when there is no baseline yet (the first promotion to an alias).
     *
     * @param policy pass, fail or skip
     * @return this builder
     */
    public Builder whenNoBaseline(BaselinePolicy policy) {
      if (noBaseline != null) {
        throw new InvalidRequestException("Cannot set the no-baseline policy of check '" + name + "' twice: it is already "
            + noBaseline);
      }
      noBaseline = InvalidRequestException.requireNonNull(policy, "policy");
      return this;
    }

    private Builder criterion(Criterion value, double threshold, String method) {
      if (criterion != null) {
        throw new InvalidRequestException("Cannot call " + method + " on check '" + name + "': it already has a criterion ("
            + criterion.name().toLowerCase(Locale.ROOT) + " " + Evidence.format(limit) + "); make a second check");
      }
      if (Double.isNaN(threshold)) {
        throw new InvalidRequestException("Cannot use NaN as the limit of check '" + name + "'");
      }
      criterion = value;
      limit = threshold;
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws InvalidRequestException if a needed setting is missing or one does not apply
     */
    public MetricCheck build() {
      if (metrics.isEmpty()) {
        throw new InvalidRequestException("Cannot build check '" + name + "': no metric; call metric(\"auc\")");
      }
      if (criterion == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': no criterion; call atLeast, atMost,"
            + " maxRelativeDrop or maxAbsoluteDrop");
      }
      boolean comparative = criterion == Criterion.RELATIVE_DROP || criterion == Criterion.ABSOLUTE_DROP;
      if (comparative && direction == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': a comparison with the baseline needs a"
            + " direction; call higherIsBetter() or lowerIsBetter()");
      }
      if (comparative && noBaseline == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': a comparison with the baseline needs a"
            + " policy for the first promotion; call whenNoBaseline(BaselinePolicy.PASS, FAIL or SKIP)");
      }
      if (!comparative && direction != null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': a direction applies only to comparisons"
            + " with the baseline, and " + criterion.name().toLowerCase(Locale.ROOT) + " is an absolute limit; remove it");
      }
      if (!comparative && noBaseline != null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': an absolute limit uses no baseline, so"
            + " whenNoBaseline does not apply; remove it");
      }
      return new MetricCheck(this);
    }
  }
}
