package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The outcome of one pipeline run: every stage, in declaration order, with its status.
 *
 * <pre>{@code
 * PipelineResult result = runner.run(pipeline);
 * if (!result.succeeded()) {
 *   result.stages().stream().filter(s -> s.status() == StageStatus.FAILED)
 *       .forEach(s -> log.error("{} failed: {}", s.stage(), s.error().orElse("")));
 * }
 * }</pre>
 *
 * @param pipeline the pipeline's name
 * @param stages every stage's result, in declaration order
 * @param startedAt when the run began
 * @param endedAt when the last stage was done
 */
public record PipelineResult(String pipeline, List<StageResult> stages, Instant startedAt, Instant endedAt) {
  /** Checks for nulls and copies the stages. */
  public PipelineResult {
    InvalidRequestException.requireNonNull(pipeline, "pipeline");
    stages = List.copyOf(stages);
    InvalidRequestException.requireNonNull(startedAt, "startedAt");
    InvalidRequestException.requireNonNull(endedAt, "endedAt");
  }

  /**
   * Returns one stage's result.
   *
   * @param name the stage's name
   * @return its result
   * @throws NoSuchElementException if the pipeline has no such stage
   */
  public StageResult stage(String name) {
    return stages.stream().filter(s -> s.stage().equals(name)).findFirst().orElseThrow(() ->
        new NoSuchElementException("Pipeline '" + pipeline + "' has no stage '" + name + "'"));
  }

  /**
   * Returns the names of the stages with a status, in declaration order.
   *
   * @param status the status
   * @return stage names
   */
  public List<String> stagesWith(StageStatus status) {
    return stages.stream().filter(s -> s.status() == status).map(StageResult::stage).toList();
  }

  /**
   * Returns whether every stage ran or was skipped unchanged.
   *
   * @return {@code true} if nothing failed
   */
  public boolean succeeded() {
    return stages.stream().allMatch(StageResult::succeeded);
  }

  /**
   * Returns how long the run took.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }
}
