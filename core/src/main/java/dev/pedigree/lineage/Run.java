package dev.pedigree.lineage;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a job, as recorded: what it read and wrote, with which parameters and
 * code, what it measured, and how it ended.
 *
 * @param id the run's unique id
 * @param job the job's name (for a pipeline stage, {@code pipeline/stage})
 * @param status where it stands
 * @param inputs the versions it read
 * @param outputs the versions it registered
 * @param params its parameters
 * @param metrics the last value of each metric
 * @param metricHistory every logged value, in order
 * @param code the code version
 * @param environment Java version, host, user and the like
 * @param startedAt when it started
 * @param endedAt when it ended, if it has
 * @param error the error it failed with, if it did
 */
public record Run(String id, String job, RunStatus status, List<VersionId> inputs, List<VersionId> outputs,
    Map<String, String> params, Map<String, Double> metrics, List<MetricPoint> metricHistory, CodeVersion code,
    Map<String, String> environment, Instant startedAt, Optional<Instant> endedAt, Optional<String> error) {
  /** Validates and copies the fields. */
  public Run {
    InvalidRequestException.requireNonNull(id, "id");
    InvalidRequestException.requireNonNull(job, "job");
    InvalidRequestException.requireNonNull(status, "status");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    metricHistory = List.copyOf(metricHistory);
    InvalidRequestException.requireNonNull(code, "code");
    environment = Map.copyOf(environment);
    InvalidRequestException.requireNonNull(startedAt, "startedAt");
    InvalidRequestException.requireNonNull(endedAt, "endedAt");
    InvalidRequestException.requireNonNull(error, "error");
  }

  /**
   * Returns how long the run took.
   *
   * @return the duration, or empty while it runs
   */
  public Optional<Duration> duration() {
    return endedAt.map(end -> Duration.between(startedAt, end));
  }
}
