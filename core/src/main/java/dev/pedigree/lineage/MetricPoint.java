package dev.pedigree.lineage;

import java.time.Instant;
import java.util.Objects;

/**
 * One logged value of a metric at a step (an epoch, an iteration).
 *
 * @param name the metric
 * @param step the step, from 0
 * @param value the value
 * @param time when it was logged
 */
public record MetricPoint(String name, long step, double value, Instant time) {
  /** Checks for nulls. */
  public MetricPoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
  }
}
