package dev.pedigree.checks;

import java.util.Locale;

/** The type a column's values must have; a value that does not parse as it is a type violation. */
public enum ColumnType {
  /** Any text. */
  STRING,
  /** A whole number that fits in 64 bits, such as {@code -42}. */
  INTEGER,
  /** A decimal number as Java's {@code Double.parseDouble} reads it, such as {@code 3.5e-2}; {@code NaN} counts as one. */
  DECIMAL,
  /** {@code true} or {@code false}, in any case. */
  BOOLEAN;

  boolean accepts(String value) {
    switch (this) {
      case STRING:
        return true;
      case INTEGER:
        try {
          Long.parseLong(value.trim());
          return true;
        } catch (NumberFormatException e) {
          return false;
        }
      case DECIMAL:
        try {
          Double.parseDouble(value.trim());
          return true;
        } catch (NumberFormatException e) {
          return false;
        }
      case BOOLEAN:
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false");
      default:
        throw new IllegalStateException("Unknown column type " + this);
    }
  }

  boolean numeric() {
    return this == INTEGER || this == DECIMAL;
  }
}
