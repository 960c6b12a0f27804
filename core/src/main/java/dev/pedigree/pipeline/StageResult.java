package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one stage ended in one pipeline run.
 *
 * @param stage the stage's name
 * @param status how it ended
 * @param fingerprint its fingerprint, when its inputs and code could be read
 * @param runId the lineage run that executed it now ({@link StageStatus#RAN} or
 *     {@link StageStatus#FAILED}) or earlier ({@link StageStatus#SKIPPED_UNCHANGED})
 * @param startedAt when the executor began this stage (checking, and running if needed)
 * @param endedAt when it was done
 * @param outputs the versions it published or reused, empty unless it ran or was skipped unchanged
 * @param error why it failed or was skipped for an upstream failure
 */
public record StageResult(String stage, StageStatus status, Optional<Digest> fingerprint, Optional<String> runId,
    Instant startedAt, Instant endedAt, List<OutputVersion> outputs, Optional<String> error) {
  /** Checks for nulls and copies the outputs. */
  public StageResult {
    InvalidRequestException.requireNonNull(stage, "stage");
    InvalidRequestException.requireNonNull(status, "status");
    InvalidRequestException.requireNonNull(fingerprint, "fingerprint");
    InvalidRequestException.requireNonNull(runId, "runId");
    InvalidRequestException.requireNonNull(startedAt, "startedAt");
    InvalidRequestException.requireNonNull(endedAt, "endedAt");
    outputs = List.copyOf(outputs);
    InvalidRequestException.requireNonNull(error, "error");
  }

  /**
   * Returns how long the stage took, checks included.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /**
   * Returns an output by name.
   *
   * @param name the output's name
   * @return the version, or empty
   */
  public Optional<OutputVersion> output(String name) {
    return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /**
   * Returns whether the stage's outputs are available: it ran or was skipped unchanged.
   *
   * @return {@code true} if so
   */
  public boolean succeeded() {
    return status == StageStatus.RAN || status == StageStatus.SKIPPED_UNCHANGED;
  }
}
