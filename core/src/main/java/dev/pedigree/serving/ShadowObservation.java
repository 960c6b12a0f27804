package dev.pedigree.serving;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One mirrored request as a {@link ShadowRunner} recorded it: what production answered (and
 * served), what the candidate answered (never served), and how long each took.
 *
 * @param sequence the request's number in the runner, from 1
 * @param production production's answer
 * @param candidate the candidate's answer, empty when it failed
 * @param productionLatency how long production took
 * @param candidateLatency how long the candidate took (to its failure, if it failed)
 * @param candidateError the candidate's failure, as text, when it failed
 * @param <O> the answer type
 */
public record ShadowObservation<O>(long sequence, O production, Optional<O> candidate, Duration productionLatency,
    Duration candidateLatency, Optional<String> candidateError) {
  /** Validates the fields. */
  public ShadowObservation {
    Objects.requireNonNull(production, "production");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(productionLatency, "productionLatency");
    Objects.requireNonNull(candidateLatency, "candidateLatency");
    Objects.requireNonNull(candidateError, "candidateError");
  }
}
