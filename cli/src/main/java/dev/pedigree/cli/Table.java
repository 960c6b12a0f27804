package dev.pedigree.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain text table: a header row and aligned columns two spaces apart, as people read in a terminal. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    columns = headers.length;
    rows.add(headers);
  }

  Table row(Object... cells) {
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      Object cell = i < cells.length ? cells[i] : null;
      text[i] = cell == null || cell.toString().isEmpty() ? "-" : cell.toString().replace('\n', ' ');
    }
    rows.add(text);
    return this;
  }

  boolean isEmpty() {
    return rows.size() == 1;
  }

  void print(PrintWriter out) {
    print(out, 0);
  }

  /** Prints the rows without the header row, for key-value blocks. */
  void printRows(PrintWriter out) {
    print(out, 1);
  }

  private void print(PrintWriter out, int first) {
    int[] widths = new int[columns];
    for (String[] row : rows.subList(first, rows.size())) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows.subList(first, rows.size())) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** An instant to the second, as {@code 2026-12-05T23:59:01Z}. */
  static String time(Instant instant) {
    return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A map as {@code a=1 b=2}, in key order. */
  static String pairs(Map<String, ?> values) {
    return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + number(e.getValue())).collect(Collectors.joining(" "));
  }

  /** A number without a needless {@code .0}; anything else as it prints. */
  static String number(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }
}
