package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTablesTest {
  private static List<List<String>> readAll(TableSource table) {
    List<List<String>> rows = new ArrayList<>();
    try (TableCursor cursor = table.open()) {
      while (cursor.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < cursor.columns().size(); i++) {
          row.add(cursor.value(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void readsHeaderRowsQuotedFieldsAndEmptyFieldsAsMissing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "id,name,score\n1,\"Smith, Jo\",0.5\n2,,0.7\n");
    TableSource table = CsvTables.file(file);
    try (TableCursor cursor = table.open()) {
      assertThat(cursor.columns()).containsExactly("id", "name", "score");
    }
    assertThat(readAll(table)).containsExactly(List.of("1", "Smith, Jo", "0.5"), Arrays.asList("2", null, "0.7"));
    assertThat(readAll(table)).hasSize(2);
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsNamesItsLine() {
    TableSource table = CsvTables.text("bad.csv", "a,b\n1,2\n3\n");
    assertThatThrownBy(() -> readAll(table))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("Cannot read CSV bad.csv: row 3 has 1 fields but the header names 2 columns [a, b]; give every row"
            + " one field per column (an empty field for a missing value)")
        .satisfies(e -> assertThat(((InvalidDataException) e).line()).isEqualTo(3));
  }

  @Test
  void anUnclosedQuoteIsATypedError() {
    TableSource table = CsvTables.text("quote.csv", "a,b\n1,\"unclosed\n");
    assertThatThrownBy(() -> readAll(table))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith("Cannot read CSV quote.csv near line")
        .hasMessageEndingWith("; check the quoting of that row");
  }

  @Test
  void noHeaderDuplicateAndBlankColumnsAreTypedErrors() {
    assertThatThrownBy(() -> CsvTables.text("empty.csv", "").open())
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("Cannot read CSV empty.csv: it has no header row; the first row must name the columns");
    assertThatThrownBy(() -> CsvTables.text("dup.csv", "a,a\n1,2\n").open())
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith("Cannot read the header of CSV dup.csv:")
        .hasMessageEndingWith("; the first row must name each column once");
    assertThatThrownBy(() -> CsvTables.text("blank.csv", "a,,c\n1,2,3\n").open())
        .isInstanceOf(InvalidDataException.class);
  }

  @Test
  void aMissingFileIsAStorageErrorNamingIt(@TempDir Path dir) {
    assertThatThrownBy(() -> CsvTables.file(dir.resolve("nope.csv")).open())
        .hasMessageStartingWith("Cannot read CSV file " + dir.resolve("nope.csv"));
  }
}
