package dev.pedigree.storage.gcs.testserver;

import java.util.Objects;

/**
 * A planned misbehaviour of the test server: the next {@code times} requests of one operation
 * (on one object, or on any when {@code objectName} is {@code null}) get {@code kind}.
 *
 * @param operation the operation to disturb
 * @param objectName the object the request is about, or {@code null} for any
 * @param kind what to do instead of answering normally
 * @param times how many matching requests to disturb, at least 1
 */
public record Fault(Operation operation, String objectName, FaultKind kind, int times) {
  /** Validates the fields. */
  public Fault {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
  }

  boolean matches(Operation op, String name) {
    return operation == op && (objectName == null || objectName.equals(name));
  }
}
