package dev.pedigree.audit;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Optional;

/**
 * Which audit events to read: all, or those of one artifact, one actor, one type.
 *
 * <pre>{@code
 * repo.audit().events(AuditQuery.all().artifact("churn-model").type(AuditEventType.ALIAS_MOVED))
 * }</pre>
 *
 * @param artifact keep events about this artifact
 * @param actor keep events caused by this actor
 * @param type keep events of this type
 */
public record AuditQuery(Optional<String> artifact, Optional<String> actor, Optional<AuditEventType> type) {
  /** Validates the fields. */
  public AuditQuery {
    InvalidRequestException.requireNonNull(artifact, "artifact filter");
    InvalidRequestException.requireNonNull(actor, "actor filter");
    InvalidRequestException.requireNonNull(type, "type filter");
  }

  /**
   * Returns a query for every event.
   *
   * @return the query
   */
  public static AuditQuery all() {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Keeps the events about one artifact.
   *
   * @param name the artifact
   * @return a new query
   */
  public AuditQuery artifact(String name) {
    return new AuditQuery(Optional.of(InvalidRequestException.requireNonNull(name, "artifact name")), actor, type);
  }

  /**
   * Keeps the events caused by one actor.
   *
   * @param name the actor
   * @return a new query
   */
  public AuditQuery actor(String name) {
    return new AuditQuery(artifact, Optional.of(InvalidRequestException.requireNonNull(name, "actor")), type);
  }

  /**
   * Keeps the events of one type.
   *
   * @param eventType the type
   * @return a new query
   */
  public AuditQuery type(AuditEventType eventType) {
    return new AuditQuery(artifact, actor, Optional.of(InvalidRequestException.requireNonNull(eventType, "event type")));
  }

  boolean matches(AuditEvent event) {
    return artifact.map(a -> a.equals(event.artifact())).orElse(true)
        && actor.map(a -> a.equals(event.actor())).orElse(true)
        && type.map(t -> t == event.type()).orElse(true);
  }
}
