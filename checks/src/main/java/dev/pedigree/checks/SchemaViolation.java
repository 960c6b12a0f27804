package dev.pedigree.checks;

import java.util.Objects;

/**
 * One place where a document breaks its schema.
 *
 * @param field the offending field as a JSON Pointer into the document, such as
 *     {@code /features/2/dtype} (a missing required field is named by its would-be path)
 * @param keyword the schema keyword broken, such as {@code enum}, {@code required}, {@code type}
 * @param message what is wrong, in the validator's words
 */
public record SchemaViolation(String field, String keyword, String message) {
  /** Validates the fields. */
  public SchemaViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
