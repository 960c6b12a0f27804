package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data-quality rules on the candidate's table, checked in one streaming pass: expected columns
 * and their types, the fraction of missing values, value ranges, allowed values, uniqueness and
 * bounds on the number of rows, and (with {@link Builder#noUnexpectedColumns()}) no column beyond
 * the declared ones.
 *
 * <pre>{@code
 * DataQualityCheck.named("features-quality")
 *     .column("id", ColumnType.INTEGER).unique("id")
 *     .column("age", ColumnType.INTEGER).range("age", 0, 120).maxNullFraction("age", 0.01)
 *     .column("country", ColumnType.STRING).allowedValues("country", "DE", "FR", "NL")
 *     .rowCount(1_000, 10_000_000)
 *     .build();
 * }</pre>
 *
 * <p>Semantics: a missing value (empty field) is never a type, range or allowed-values
 * violation, only counted for {@code maxNullFraction}; uniqueness ignores missing values. A
 * range applies to numbers: in a column not declared numeric, a value that is not a number
 * breaks the range rule. {@code NaN} is outside every range. An empty table (header only)
 * breaks only a row-count rule. A column declared with {@link Builder#column} but absent from
 * the table fails the check; a rule on a column that was neither declared nor is in the table
 * is a mistake in the check and raises {@link InvalidRequestException} naming the table's
 * columns.
 *
 * <p>Evidence: every count the check makes is an observed number (exact, in
 * {@link Evidence#numbers()}): {@code rows}, and for each checked column {@code <column>.nulls},
 * {@code .typeErrors} (declared columns), {@code .outOfRange} (ranged), {@code .disallowed}
 * (allowed values) and {@code .duplicates} (unique), zero included, plus {@code unexpectedColumns}
 * with that rule. Messages quote at most three example values per rule; the counts are complete. Memory: one pass, constant per rule, except uniqueness, which keeps every distinct
 * value of the column in a hash set.
 */
public final class DataQualityCheck implements Check {
  private static final int EXAMPLES = 3;

  private final String name;
  private final TableResolver resolver;
  private final Map<String, ColumnType> declared;
  private final Map<String, Double> maxNullFraction;
  private final Map<String, double[]> ranges;
  private final Map<String, Set<String>> allowed;
  private final Set<String> unique;
  private final long minRows;
  private final long maxRows;
  private final boolean rowRule;
  private final List<String> columnOrder;
  private final boolean noUnexpectedColumns;

  private DataQualityCheck(Builder b) {
    this.name = b.name;
    this.resolver = b.resolver == null ? TableResolver.storedCsv() : b.resolver;
    this.declared = Map.copyOf(b.declared);
    this.maxNullFraction = Map.copyOf(b.maxNullFraction);
    this.ranges = Map.copyOf(b.ranges);
    this.allowed = Map.copyOf(b.allowed);
    this.unique = Set.copyOf(b.unique);
    this.rowRule = b.rowRule;
    this.minRows = b.minRows;
    this.maxRows = b.maxRows;
    this.columnOrder = List.copyOf(b.columnOrder);
    this.noUnexpectedColumns = b.noUnexpectedColumns;
  }

  /**
   * Starts building the check.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(Check.requireValidName(name));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    return evaluate(resolver.table(context, context.candidate(), name));
  }

  /**
   * Checks a table directly, without a candidate version (for tests and ad-hoc use).
   *
   * @param table the table
   * @return the result
   */
  public CheckResult evaluate(TableSource table) {
    List<String> violations = new ArrayList<>();
    Evidence.Builder evidence;
    Map<String, ColumnStats> stats = new LinkedHashMap<>();
    long rows = 0;
    long unexpectedCount = 0;
    int rules = ruleCount();
    try (TableCursor cursor = table.open()) {
      List<String> columns = cursor.columns();
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        index.put(columns.get(i), i);
      }
      for (String column : columnOrder) {
        if (!index.containsKey(column)) {
          violations.add("expected column '" + column + "' is missing (the table has " + columns + ")");
        }
      }
      if (noUnexpectedColumns) {
        List<String> unexpected = columns.stream().filter(c -> !declared.containsKey(c)).toList();
        unexpectedCount = unexpected.size();
        if (!unexpected.isEmpty()) {
          violations.add((unexpected.size() == 1 ? "column " : "columns ") + unexpected.stream().map(c -> "'" + c + "'")
              .collect(java.util.stream.Collectors.joining(", ")) + (unexpected.size() == 1 ? " is" : " are")
              + " not expected (the expected columns are " + columnOrder + ")");
        }
      }
      for (String column : referencedColumns()) {
        if (!index.containsKey(column) && !declared.containsKey(column)) {
          throw new InvalidRequestException("Cannot check column '" + column + "' of " + table.description() + " in check '"
              + name + "': the table has no such column; its columns are " + columns + "; fix the column name in the"
              + " check, or declare it with column(name, type) so that its absence fails the check");
        }
        if (index.containsKey(column)) {
          stats.put(column, new ColumnStats(index.get(column)));
        }
      }
      while (cursor.next()) {
        rows++;
        for (Map.Entry<String, ColumnStats> entry : stats.entrySet()) {
          observe(entry.getKey(), entry.getValue(), cursor.value(entry.getValue().index), cursor.line());
        }
      }
    }
    evidence = Evidence.builder("");
    evidence.observed("rows", rows);
    if (noUnexpectedColumns) {
      evidence.observed("unexpectedColumns", unexpectedCount);
      evidence.threshold("unexpectedColumns", "= 0");
    }
    if (rowRule) {
      evidence.threshold("rows", "[" + minRows + ", " + (maxRows == Long.MAX_VALUE ? "∞" : Long.toString(maxRows)) + "]");
      if (rows < minRows || rows > maxRows) {
        violations.add("it has " + rows + " rows, outside the bounds [" + minRows + ", "
            + (maxRows == Long.MAX_VALUE ? "unbounded" : Long.toString(maxRows)) + "]");
      }
    }
    for (Map.Entry<String, ColumnStats> entry : stats.entrySet()) {
      String column = entry.getKey();
      ColumnStats s = entry.getValue();
      ColumnType type = declared.get(column);
      evidence.observed(column + ".nulls", s.nulls);
      if (type != null) {
        evidence.observed(column + ".typeErrors", s.typeErrors);
      }
      if (type != null && s.typeErrors > 0) {
        violations.add("column '" + column + "' has " + s.typeErrors + " values that are not " + article(type) + " ("
            + s.typeExamples + ")");
      }
      Double maxNull = maxNullFraction.get(column);
      if (maxNull != null) {
        double fraction = rows == 0 ? 0 : (double) s.nulls / rows;
        evidence.observed(column + ".nullFraction", fraction);
        evidence.threshold(column + ".nullFraction", "<= " + Evidence.format(maxNull));
        if (fraction > maxNull + 1e-12) {
          violations.add("column '" + column + "' is missing in " + s.nulls + " of " + rows + " rows (fraction "
              + Evidence.format(fraction) + ", at most " + Evidence.format(maxNull) + " allowed)");
        }
      }
      double[] range = ranges.get(column);
      if (range != null) {
        evidence.threshold(column + ".range", "[" + Evidence.format(range[0]) + ", " + Evidence.format(range[1]) + "]");
        evidence.observed(column + ".outOfRange", s.outOfRange);
        if (s.count > 0) {
          evidence.observed(column + ".min", s.min);
          evidence.observed(column + ".max", s.max);
        }
        if (s.outOfRange > 0) {
          violations.add("column '" + column + "' has " + s.outOfRange + " values outside [" + Evidence.format(range[0])
              + ", " + Evidence.format(range[1]) + "] (" + s.rangeExamples + ")");
        }
      }
      if (allowed.containsKey(column)) {
        evidence.observed(column + ".disallowed", s.disallowed);
      }
      if (allowed.containsKey(column) && s.disallowed > 0) {
        violations.add("column '" + column + "' has " + s.disallowed + " values not among " + allowed.get(column).stream()
            .sorted().toList() + " (" + s.allowedExamples + ")");
      }
      if (unique.contains(column)) {
        evidence.observed(column + ".duplicates", s.duplicates);
        if (s.duplicates > 0) {
          violations.add("column '" + column + "' must be unique but has " + s.duplicates + " repeated values ("
              + s.duplicateExamples + ")");
        }
      }
    }
    String head = table.description() + " (" + rows + (rows == 1 ? " row" : " rows") + ")";
    String summary = violations.isEmpty()
        ? head + " meets all " + rules + " data-quality rules."
        : head + " breaks " + violations.size() + (violations.size() == 1 ? " rule" : " rules") + ": "
            + String.join("; ", violations) + ".";
    return CheckResult.of(name, violations.isEmpty(), evidence.build().withSummary(summary));
  }

  private void observe(String column, ColumnStats s, String value, long line) {
    if (value == null) {
      s.nulls++;
      return;
    }
    s.count++;
    ColumnType type = declared.get(column);
    if (type != null && !type.accepts(value)) {
      s.typeErrors++;
      s.example(s.typeExamples, line, value);
    }
    double[] range = ranges.get(column);
    if (range != null) {
      double number;
      try {
        number = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        number = Double.NaN;
      }
      if (!Double.isNaN(number)) {
        s.min = Math.min(s.min, number);
        s.max = Math.max(s.max, number);
      }
      if (Double.isNaN(number) || number < range[0] || number > range[1]) {
        s.outOfRange++;
        s.example(s.rangeExamples, line, value);
      }
    }
    Set<String> permitted = allowed.get(column);
    if (permitted != null && !permitted.contains(value)) {
      s.disallowed++;
      s.example(s.allowedExamples, line, value);
    }
    if (unique.contains(column) && !s.seen.add(value)) {
      s.duplicates++;
      s.example(s.duplicateExamples, line, value);
    }
  }

  private Set<String> referencedColumns() {
    Set<String> all = new LinkedHashSet<>(columnOrder);
    all.addAll(maxNullFraction.keySet());
    all.addAll(ranges.keySet());
    all.addAll(allowed.keySet());
    all.addAll(unique);
    return all;
  }

  private int ruleCount() {
    return declared.size() + maxNullFraction.size() + ranges.size() + allowed.size() + unique.size() + (rowRule ? 1 : 0)
        + (noUnexpectedColumns ? 1 : 0);
  }

  private static String article(ColumnType type) {
    return switch (type) {
      case STRING -> "text";
      case INTEGER -> "integers";
      case DECIMAL -> "decimal numbers";
      case BOOLEAN -> "true or false";
    };
  }

  private static final class ColumnStats {
    final int index;
    long nulls;
    long count;
    long typeErrors;
    long outOfRange;
    long disallowed;
    long duplicates;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    final Set<String> seen = new HashSet<>();
    final List<String> typeExamples = new ArrayList<>();
    final List<String> rangeExamples = new ArrayList<>();
    final List<String> allowedExamples = new ArrayList<>();
    final List<String> duplicateExamples = new ArrayList<>();

    ColumnStats(int index) {
      this.index = index;
    }

    void example(List<String> examples, long line, String value) {
      if (examples.size() < EXAMPLES) {
        examples.add("line " + line + ": '" + value + "'");
      }
    }
  }

  /**
   * Builds a {@link DataQualityCheck}. Strict: each rule once per column, each column declared
   * once, the row bounds once, at least one rule.
   */
  public static final class Builder {
    private final String name;
    private TableResolver resolver;
    private final Map<String, ColumnType> declared = new HashMap<>();
    private final List<String> columnOrder = new ArrayList<>();
    private final Map<String, Double> maxNullFraction = new HashMap<>();
    private final Map<String, double[]> ranges = new HashMap<>();
    private final Map<String, Set<String>> allowed = new HashMap<>();
    private final Set<String> unique = new LinkedHashSet<>();
    private boolean rowRule;
    private boolean noUnexpectedColumns;
    private long minRows;
    private long maxRows = Long.MAX_VALUE;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets where the candidate's table comes from (default: its stored content as CSV).
     *
     * @param tables the resolver
     * @return this builder
     */
    public Builder tables(TableResolver tables) {
      if (resolver != null) {
        throw new InvalidRequestException("Cannot set the table resolver of check '" + name + "' twice");
      }
      resolver = InvalidRequestException.requireNonNull(tables, "tables");
      return this;
    }

    /**
     * Expects a column, with a type every present value must have.
     *
     * @param column the column's name
     * @param type its type
     * @return this builder
     */
    public Builder column(String column, ColumnType type) {
      requireColumn(column);
      if (declared.containsKey(column)) {
        throw new InvalidRequestException("Cannot declare column '" + column + "' twice in check '" + name
            + "': it is already " + declared.get(column));
      }
      declared.put(column, InvalidRequestException.requireNonNull(type, "type"));
      columnOrder.add(column);
      return this;
    }

    /**
     * Limits the fraction of rows in which a column is missing.
     *
     * @param column the column
     * @param fraction from 0 (never missing) to 1
     * @return this builder
     */
    public Builder maxNullFraction(String column, double fraction) {
      requireColumn(column);
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new InvalidRequestException("Cannot allow a null fraction of " + fraction + " for column '" + column
            + "': give a fraction from 0 to 1");
      }
      once(maxNullFraction.put(column, fraction), "maxNullFraction", column);
      return this;
    }

    /**
     * Requires every present value of a column to be a number within bounds (inclusive).
     *
     * @param column the column
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return this builder
     */
    public Builder range(String column, double min, double max) {
      requireColumn(column);
      if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
        throw new InvalidRequestException("Cannot use range [" + min + ", " + max + "] for column '" + column
            + "': give min <= max, neither NaN");
      }
      once(ranges.put(column, new double[] {min, max}), "range", column);
      return this;
    }

    /**
     * Requires every present value of a column to be one of a set.
     *
     * @param column the column
     * @param values the allowed values, exactly as written in the table
     * @return this builder
     */
    public Builder allowedValues(String column, String... values) {
      requireColumn(column);
      if (values.length == 0) {
        throw new InvalidRequestException("Cannot allow no values for column '" + column + "'; name at least one");
      }
      once(allowed.put(column, Set.copyOf(Arrays.asList(values))), "allowedValues", column);
      return this;
    }

    /**
     * Requires the present values of a column to be distinct.
     *
     * @param column the column
     * @return this builder
     */
    public Builder unique(String column) {
      requireColumn(column);
      if (!unique.add(column)) {
        throw new InvalidRequestException("Cannot set rule unique on column '" + column + "' twice in check '" + name + "'");
      }
      return this;
    }

    /**
     * Bounds the number of data rows (inclusive).
     *
     * @param min the fewest rows
     * @param max the most rows
     * @return this builder
     */
    public Builder rowCount(long min, long max) {
      if (rowRule) {
        throw new InvalidRequestException("Cannot set the row bounds of check '" + name + "' twice: they are already ["
            + minRows + ", " + maxRows + "]");
      }
      if (min < 0 || max < min) {
        throw new InvalidRequestException("Cannot bound rows to [" + min + ", " + max + "]: give 0 <= min <= max");
      }
      rowRule = true;
      minRows = min;
      maxRows = max;
      return this;
    }

    /**
     * Fails the check when the table has a column not declared with {@link #column}: an upstream
     * export that grew a column (or renamed one) is caught before a model trains on it.
     *
     * @return this builder
     */
    public Builder noUnexpectedColumns() {
      if (noUnexpectedColumns) {
        throw new InvalidRequestException("Cannot set rule noUnexpectedColumns twice in check '" + name + "'; set it once");
      }
      noUnexpectedColumns = true;
      return this;
    }

    private void requireColumn(String column) {
      if (InvalidRequestException.requireNonNull(column, "column").isEmpty()) {
        throw new InvalidRequestException("Cannot check a column with an empty name in check '" + name + "'");
      }
    }

    private void once(Object previous, String rule, String column) {
      if (previous != null) {
        throw new InvalidRequestException("Cannot set rule " + rule + " on column '" + column + "' twice in check '"
            + name + "'");
      }
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws InvalidRequestException if no rule was given
     */
    public DataQualityCheck build() {
      if (noUnexpectedColumns && declared.isEmpty()) {
        throw new InvalidRequestException("Cannot build check '" + name + "': noUnexpectedColumns() needs the expected"
            + " columns; declare them with column(name, type)");
      }
      if (declared.isEmpty() && maxNullFraction.isEmpty() && ranges.isEmpty() && allowed.isEmpty() && unique.isEmpty()
          && !rowRule) {
        throw new InvalidRequestException("Cannot build check '" + name + "': it has no rules; add column, maxNullFraction,"
            + " range, allowedValues, unique or rowCount");
      }
      return new DataQualityCheck(this);
    }
  }
}
