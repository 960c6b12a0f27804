package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * One move of an alias, as kept in its history.
 *
 * @param artifact the artifact
 * @param alias the alias
 * @param sequence the move's number in the alias's history, from 1
 * @param from the version it held before, empty if none
 * @param to the version it holds after, empty if the alias was removed
 * @param time when
 * @param actor who
 * @param reason why
 * @param kind what sort of move
 */
public record AliasChange(String artifact, String alias, long sequence, OptionalInt from, OptionalInt to, Instant time,
    String actor, String reason, Kind kind) {
  /** Checks for nulls. */
  public AliasChange {
    InvalidRequestException.requireNonNull(artifact, "artifact");
    InvalidRequestException.requireNonNull(alias, "alias");
    InvalidRequestException.requireNonNull(from, "from");
    InvalidRequestException.requireNonNull(to, "to");
    InvalidRequestException.requireNonNull(time, "time");
    InvalidRequestException.requireNonNull(actor, "actor");
    InvalidRequestException.requireNonNull(reason, "reason");
    InvalidRequestException.requireNonNull(kind, "kind");
  }

  /** What sort of move an alias change was. */
  public enum Kind {
    /** A move to a chosen version. */
    MOVE,
    /** A move made by a promotion through a gate. */
    PROMOTION,
    /** A move back to an earlier holder. */
    ROLLBACK,
    /** The alias was removed. */
    REMOVAL
  }
}
