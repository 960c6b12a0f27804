package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Instant;

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
    InvalidRequestException.requireNonNull(name, "name");
    InvalidRequestException.requireNonNull(time, "time");
  }
}
