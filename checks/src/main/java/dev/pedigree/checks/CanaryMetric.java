package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.MetricDirection;

/**
 * How one canary metric is judged: which way is worse, how much degradation is tolerated, and
 * how many samples each side needs before a decision.
 *
 * <pre>{@code
 * CanaryMetric.higherIsWorse("latency_ms").allowing(0.10).minSamples(30)   // 10% slower tolerated
 * CanaryMetric.higherIsWorse("error_rate").allowing(0.0)
 * CanaryMetric.lowerIsWorse("success_rate").allowing(0.01)
 * }</pre>
 *
 * @param name the metric's name, as keyed in the samples
 * @param direction which way is better; latency and error rate are {@link MetricDirection#LOWER_IS_BETTER}
 * @param allowedDegradation the tolerated degradation, as a fraction of the baseline's median
 *     (0.10: the canary may be up to 10% of the baseline median worse before it counts)
 * @param minSamples the fewest samples each of baseline and canary must have (at least 3)
 */
public record CanaryMetric(String name, MetricDirection direction, double allowedDegradation, int minSamples) {
  /** Default of {@link #minSamples()}. */
  public static final int DEFAULT_MIN_SAMPLES = 10;

  /** Validates the fields. */
  public CanaryMetric {
    InvalidRequestException.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new InvalidRequestException("Cannot judge a canary metric with a blank name");
    }
    InvalidRequestException.requireNonNull(direction, "direction");
    if (!(allowedDegradation >= 0) || Double.isInfinite(allowedDegradation)) {
      throw new InvalidRequestException("Cannot allow a degradation of " + allowedDegradation + " for canary metric '"
          + name + "': give a fraction of 0 or more, such as 0.1 for 10%");
    }
    if (minSamples < 3) {
      throw new InvalidRequestException("Cannot judge canary metric '" + name + "' on " + minSamples
          + " samples: require at least 3");
    }
  }

  /**
   * Returns a metric for which larger values are worse (latency, error rate), with no tolerated
   * degradation and the default minimum of samples.
   *
   * @param name the metric
   * @return the metric
   */
  public static CanaryMetric higherIsWorse(String name) {
    return new CanaryMetric(name, MetricDirection.LOWER_IS_BETTER, 0, DEFAULT_MIN_SAMPLES);
  }

  /**
   * Returns a metric for which smaller values are worse (throughput, success rate).
   *
   * @param name the metric
   * @return the metric
   */
  public static CanaryMetric lowerIsWorse(String name) {
    return new CanaryMetric(name, MetricDirection.HIGHER_IS_BETTER, 0, DEFAULT_MIN_SAMPLES);
  }

  /**
   * Returns a copy tolerating a degradation.
   *
   * @param fraction of the baseline's median
   * @return the copy
   */
  public CanaryMetric allowing(double fraction) {
    return new CanaryMetric(name, direction, fraction, minSamples);
  }

  /**
   * Returns a copy requiring a number of samples on each side.
   *
   * @param count at least 3
   * @return the copy
   */
  public CanaryMetric minSamples(int count) {
    return new CanaryMetric(name, direction, allowedDegradation, count);
  }
}
