package dev.pedigree.checks;

/** The syntax of a structured document or schema. */
public enum DocumentFormat {
  /** JSON (RFC 8259). */
  JSON,
  /** YAML 1.2. */
  YAML;

  /**
   * Guesses a text's format: JSON when its first non-blank character opens an object or an
   * array, YAML otherwise.
   *
   * @param text the text
   * @return the format
   */
  public static DocumentFormat guess(String text) {
    String trimmed = text.stripLeading();
    return trimmed.startsWith("{") || trimmed.startsWith("[") ? JSON : YAML;
  }
}
