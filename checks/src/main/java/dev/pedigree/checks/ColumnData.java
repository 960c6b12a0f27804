package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One pass over a table collecting named columns: numbers (missing and NaN counted as nulls) or category counts. */
final class ColumnData {
  final String name;
  final boolean numeric;
  long nulls;
  long count;
  private double[] numbers = new double[64];
  final Map<String, Long> categories = new HashMap<>();

  private ColumnData(String name, boolean numeric) {
    this.name = name;
    this.numeric = numeric;
  }

  double[] numbers() {
    return Arrays.copyOf(numbers, (int) count);
  }

  private void add(double value) {
    if (count == numbers.length) {
      numbers = Arrays.copyOf(numbers, numbers.length * 2);
    }
    numbers[(int) count++] = value;
  }

  static Map<String, ColumnData> read(TableSource table, Set<String> numeric, Set<String> categorical, String purpose) {
    Map<String, ColumnData> data = new LinkedHashMap<>();
    try (TableCursor cursor = table.open()) {
      List<String> names = cursor.columns();
      int[] index = new int[numeric.size() + categorical.size()];
      int i = 0;
      for (Set<String> set : List.of(numeric, categorical)) {
        for (String column : set) {
          index[i] = names.indexOf(column);
          if (index[i] < 0) {
            throw new InvalidRequestException("Cannot " + purpose + " column '" + column + "': " + table.description()
                + " has no such column; its columns are " + names + "; fix the column name");
          }
          data.put(column, new ColumnData(column, set == numeric));
          i++;
        }
      }
      ColumnData[] ordered = data.values().toArray(ColumnData[]::new);
      while (cursor.next()) {
        for (int c = 0; c < ordered.length; c++) {
          ColumnData d = ordered[c];
          String value = cursor.value(index[c]);
          if (value == null) {
            d.nulls++;
          } else if (d.numeric) {
            double number;
            try {
              number = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
              throw new InvalidDataException(table.description(), cursor.line(), "Cannot " + purpose + " column '"
                  + d.name + "' of " + table.description() + ": line " + cursor.line() + " holds '" + value
                  + "', which is not a number; fix the value or profile the column as categorical", e);
            }
            if (Double.isNaN(number)) {
              d.nulls++;
            } else {
              d.add(number);
            }
          } else {
            d.count++;
            d.categories.merge(value, 1L, Long::sum);
          }
        }
      }
    }
    return data;
  }
}
