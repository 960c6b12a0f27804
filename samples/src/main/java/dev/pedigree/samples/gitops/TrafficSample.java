package dev.pedigree.samples.gitops;

/**
 * What simulated traffic observed for one deployment: each request's latency, and how many
 * requests failed.
 *
 * @param latenciesMillis each request's latency
 * @param errors how many requests failed
 */
public record TrafficSample(double[] latenciesMillis, int errors) {
  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if there are no requests or more errors than requests
   */
  public TrafficSample {
    latenciesMillis = latenciesMillis.clone();
    if (latenciesMillis.length == 0 || errors < 0 || errors > latenciesMillis.length) {
      throw new IllegalArgumentException("Cannot use a traffic sample of " + latenciesMillis.length + " requests and "
          + errors + " errors: it needs requests, and no more errors than requests");
    }
  }

  /**
   * Returns the number of requests.
   *
   * @return the count
   */
  public int requests() {
    return latenciesMillis.length;
  }

  /**
   * Returns the share of failed requests.
   *
   * @return 0 to 1
   */
  public double errorRate() {
    return errors / (double) latenciesMillis.length;
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
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] latencies = new double[requests];
    int errors = 0;
    for (int i = 0; i < requests; i++) {
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      latencies[i] = medianMillis * Math.exp(0.35 * z);
      errors += random.nextDouble() < errorRate ? 1 : 0;
    }
    return new TrafficSample(latencies, errors);
  }
}
