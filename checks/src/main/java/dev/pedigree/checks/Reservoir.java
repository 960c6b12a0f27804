package dev.pedigree.checks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} numbers from a stream of any length
 * (Vitter's algorithm R), seeded so that the same stream always gives the same sample.
 */
final class Reservoir {
  private final double[] values;
  private final SplittableRandom random;
  private long seen;

  Reservoir(int capacity, long seed) {
    this.values = new double[capacity];
    this.random = new SplittableRandom(seed);
  }

  void add(double value) {
    seen++;
    if (seen <= values.length) {
      values[(int) (seen - 1)] = value;
    } else {
      long slot = random.nextLong(seen);
      if (slot < values.length) {
        values[(int) slot] = value;
      }
    }
  }

  long seen() {
    return seen;
  }

  double[] sample() {
    return Arrays.copyOf(values, (int) Math.min(seen, values.length));
  }
}
