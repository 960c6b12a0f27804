package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;

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
    InvalidRequestException.requireNonNull(field, "field");
    InvalidRequestException.requireNonNull(keyword, "keyword");
    InvalidRequestException.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
