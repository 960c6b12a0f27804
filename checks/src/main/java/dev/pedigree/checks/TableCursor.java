package dev.pedigree.checks;

import java.util.List;

/**
 * A forward-only position in a table: the column names, then one row at a time. A missing value
 * (an empty CSV field, or one of the source's null tokens) reads as {@code null}.
 */
public interface TableCursor extends AutoCloseable {
  /**
   * Returns the column names in order.
   *
   * @return the names
   */
  List<String> columns();

  /**
   * Moves to the next row.
   *
   * @return false when there are no more rows
   * @throws dev.pedigree.exceptions.InvalidDataException if the next row is malformed
   */
  boolean next();

  /**
   * Returns a value of the current row.
   *
   * @param column the column's index in {@link #columns()}
   * @return the value, or {@code null} when missing
   */
  String value(int column);

  /**
   * Returns where the current row is in the source, for messages.
   *
   * @return the 1-based line (or row) number
   */
  long line();

  /** Releases the source. */
  @Override
  void close();
}
