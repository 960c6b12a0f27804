package dev.pedigree.checks;

import java.util.Map;
import java.util.Objects;

/**
 * Metric samples gathered from a baseline deployment and a canary deployment.
 *
 * @param baseline samples by metric name from the baseline (or control)
 * @param canary samples by metric name from the canary
 */
public record CanarySamples(Map<String, double[]> baseline, Map<String, double[]> canary) {
  /** Copies the maps (the arrays are copied too, so later changes do not alter a judgement). */
  public CanarySamples {
    baseline = copy(Objects.requireNonNull(baseline, "baseline"));
    canary = copy(Objects.requireNonNull(canary, "canary"));
  }

  private static Map<String, double[]> copy(Map<String, double[]> samples) {
    java.util.Map<String, double[]> copied = new java.util.LinkedHashMap<>();
    samples.forEach((k, v) -> copied.put(Objects.requireNonNull(k, "metric"), Objects.requireNonNull(v, "samples").clone()));
    return java.util.Collections.unmodifiableMap(copied);
  }
}
