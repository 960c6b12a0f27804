package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of re-running the stage that produced a version, from that run's recorded input
 * versions (by digest), params and code identity, and comparing what it wrote with the version.
 *
 * @param version the version reproduced
 * @param status identical, different, code changed, or cannot reproduce
 * @param explanation one paragraph saying what was compared and found
 * @param differences for {@link ReproductionStatus#DIFFERENT}, each file that differs
 * @param runId the run that produced the version, when known
 */
public record Reproduction(VersionId version, ReproductionStatus status, String explanation,
    List<FileDifference> differences, Optional<String> runId) {
  /** Copies and checks the parts. */
  public Reproduction {
    InvalidRequestException.requireNonNull(version, "version");
    InvalidRequestException.requireNonNull(status, "status");
    InvalidRequestException.requireNonNull(explanation, "explanation");
    differences = List.copyOf(differences);
    InvalidRequestException.requireNonNull(runId, "runId");
  }

  /**
   * Returns whether the version was reproduced bit for bit.
   *
   * @return whether the status is {@link ReproductionStatus#IDENTICAL}
   */
  public boolean identical() {
    return status == ReproductionStatus.IDENTICAL;
  }

  /**
   * A file that the reproduction wrote differently.
   *
   * @param path the file's path within the output
   * @param recorded the SHA-256 in the version, empty if the reproduction wrote a file the version lacks
   * @param reproduced the SHA-256 written now, empty if the reproduction did not write it
   */
  public record FileDifference(String path, Optional<String> recorded, Optional<String> reproduced) {
    /** Checks the parts. */
    public FileDifference {
      InvalidRequestException.requireNonNull(path, "path");
      InvalidRequestException.requireNonNull(recorded, "recorded");
      InvalidRequestException.requireNonNull(reproduced, "reproduced");
    }

    @Override
    public String toString() {
      return path + ": " + (recorded.isEmpty() ? "not in the version"
          : reproduced.isEmpty() ? "not written again" : recorded.get().substring(0, 12) + " -> "
          + reproduced.get().substring(0, 12));
    }
  }
}
