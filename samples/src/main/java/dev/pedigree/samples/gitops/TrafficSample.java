package dev.pedigree.samples.gitops;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * What simulated traffic observed for one deployment: each request's latency and whether it
 * failed.
 *
 * @param latenciesMillis each request's latency
 * @param failed whether each request failed
 */
public record TrafficSample(double[] latenciesMillis, boolean[] failed) {
  /** How many consecutive requests make one window of the error-rate series. */
  public static final int WINDOW = 20;

  /**
   * Validates and copies the arrays.
   *
   * @throws IllegalArgumentException if there are fewer requests than one window, or the
   *     arrays differ in length
   */
  public TrafficSample {
    latenciesMillis = latenciesMillis.clone();
    failed = failed.clone();
    if (latenciesMillis.length < WINDOW || failed.length != latenciesMillis.length) {
      throw new IllegalArgumentException("Cannot use a traffic sample of " + latenciesMillis.length + " latencies and "
          + failed.length + " outcomes: give one outcome per request, and at least " + WINDOW + " requests");
    }
  }

  /**
   * Returns the share of failed requests.
   *
   * @return 0 to 1
   */
  public double errorRate() {
    int count = 0;
    for (boolean f : failed) {
      count += f ? 1 : 0;
    }
    return count / (double) failed.length;
  }

  /**
   * Returns the samples a canary judge compares: {@code latency_ms} (one per request) and
   * {@code error_rate} (one per window of {@value #WINDOW} consecutive requests).
   *
   * @return samples by metric name
   */
  public Map<String, double[]> samples() {
    int windows = failed.length / WINDOW;
    double[] rates = new double[windows];
    for (int w = 0; w < windows; w++) {
      int count = 0;
      for (int i = w * WINDOW; i < (w + 1) * WINDOW; i++) {
        count += failed[i] ? 1 : 0;
      }
      rates[w] = count / (double) WINDOW;
    }
    return Map.of("latency_ms", latenciesMillis.clone(), "error_rate", rates);
  }

  /**
   * Simulates traffic, deterministically from a seed: log-normal latencies around a median,
   * and independent failures at a rate.
   *
   * @param seed the seed
   * @param requests how many requests
   * @param medianMillis the median latency
   * @param errorRate the failure probability of each request
   * @return the sample
   */
  public static TrafficSample simulate(long seed, int requests, double medianMillis, double errorRate) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] latencies = new double[requests];
    boolean[] failed = new boolean[requests];
    for (int i = 0; i < requests; i++) {
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      latencies[i] = medianMillis * Math.exp(0.35 * z);
      failed[i] = random.nextDouble() < errorRate;
    }
    return new TrafficSample(latencies, failed);
  }
}
