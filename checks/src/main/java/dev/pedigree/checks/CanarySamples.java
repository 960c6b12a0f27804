package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Map;

/**
 * Metric samples gathered from a baseline deployment and a canary deployment.
 *
 * @param baseline samples by metric name from the baseline (or control)
 * @param canary samples by metric name from the canary
 */
public record CanarySamples(Map<String, double[]> baseline, Map<String, double[]> canary) {
  /** Copies the maps (the arrays are copied too, so later changes do not alter a judgement). */
  public CanarySamples {
    baseline = copy(InvalidRequestException.requireNonNull(baseline, "baseline"));
    canary = copy(InvalidRequestException.requireNonNull(canary, "canary"));
  }

  private static Map<String, double[]> copy(Map<String, double[]> samples) {
    java.util.Map<String, double[]> copied = new java.util.LinkedHashMap<>();
    samples.forEach((k, v) -> copied.put(InvalidRequestException.requireNonNull(k, "metric"), InvalidRequestException.requireNonNull(v, "samples").clone()));
    return java.util.Collections.unmodifiableMap(copied);
  }
}
