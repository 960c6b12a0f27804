package dev.pedigree.checks;

/**
 * Tabular data a check reads row by row: CSV through {@link CsvTables}, or anything else a
 * caller adapts (a database query, Parquet through another library). Each {@link #open()} reads
 * from the start, so a check may stream the table more than once.
 *
 * <pre>{@code
 * TableSource features = CsvTables.file(Path.of("features.csv"));
 * try (TableCursor rows = features.open()) {
 *   while (rows.next()) { ... rows.value(0) ... }
 * }
 * }</pre>
 */
public interface TableSource {
  /**
   * Describes the source for messages, such as a path or a version id.
   *
   * @return the description
   */
  String description();

  /**
   * Opens a cursor at the first row.
   *
   * @return a cursor the caller closes
   * @throws dev.pedigree.exceptions.InvalidDataException if the table cannot be read as a table
   */
  TableCursor open();
}
