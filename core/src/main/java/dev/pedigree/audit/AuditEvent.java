package dev.pedigree.audit;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.Map;

/**
 * One event of the audit log. Its {@link #hash()} covers every other field, including the
 * previous event's hash, so changing, removing, inserting or reordering any event breaks the
 * chain from there on and {@link AuditLog#verify()} reports where.
 *
 * @param sequence the event's position in the log, from 1
 * @param time when it was recorded
 * @param actor who caused it
 * @param type what happened
 * @param subject what it happened to, such as {@code churn-model} or {@code churn-model@production}
 * @param details further facts (versions, verdict, reason)
 * @param previousHash the hash of event {@code sequence - 1}, empty for the first
 * @param hash the SHA-256 hex of this event's canonical form
 */
public record AuditEvent(long sequence, Instant time, String actor, AuditEventType type, String subject,
    Map<String, String> details, String previousHash, String hash) {
  /** Validates and copies the fields. */
  public AuditEvent {
    if (sequence < 1) {
      throw new InvalidRequestException("Cannot make audit event " + sequence
          + ": events are numbered from 1; give a sequence of 1 or more");
    }
    InvalidRequestException.requireNonNull(time, "time");
    InvalidRequestException.requireNonNull(actor, "actor");
    InvalidRequestException.requireNonNull(type, "type");
    InvalidRequestException.requireNonNull(subject, "subject");
    details = Map.copyOf(InvalidRequestException.requireNonNull(details, "details"));
    InvalidRequestException.requireNonNull(previousHash, "previousHash");
    InvalidRequestException.requireNonNull(hash, "hash");
  }

  /**
   * Returns a detail.
   *
   * @param key the detail's name
   * @return its value, or {@code null}
   */
  public String detail(String key) {
    return details.get(key);
  }

  /**
   * Returns the artifact this event concerns: the subject up to any {@code @} or {@code :}.
   *
   * @return the artifact name, or the subject when it names no artifact
   */
  public String artifact() {
    int cut = subject.length();
    for (char c : new char[] {'@', ':'}) {
      int i = subject.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return subject.substring(0, cut);
  }
}
