package dev.pedigree.artifacts;

import java.time.Instant;
import java.util.Objects;

/**
 * A tombstone: what was deleted, when, by whom and why. The deleted version's (or run's)
 * record stays in the store; its content becomes collectable by garbage collection.
 *
 * @param subject what was deleted: {@code churn-model:3}, {@code churn-model}, or {@code run:<id>}
 * @param time when
 * @param actor by whom
 * @param reason why, in words
 */
public record Deletion(String subject, Instant time, String actor, String reason) {
  /** Checks for nulls. */
  public Deletion {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
  }
}
