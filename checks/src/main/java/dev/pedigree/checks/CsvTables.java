package dev.pedigree.checks;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * CSV tables (RFC 4180, UTF-8, first row the header) as {@link TableSource}s, read by Apache
 * Commons CSV one record at a time, so a table of any size streams in small memory. An empty
 * field reads as missing ({@code null}).
 *
 * <pre>{@code
 * TableSource local = CsvTables.file(Path.of("train.csv"));
 * TableSource stored = CsvTables.version(repo, repo.artifacts().resolve("features@production"));
 * }</pre>
 *
 * <p>Malformed input is an {@link InvalidDataException} naming the source and line: no header
 * row, a duplicate or blank column name, a row with more or fewer fields than the header, an
 * unclosed quote.
 */
public final class CsvTables {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
      .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setAllowMissingColumnNames(false).get();

  private CsvTables() {
  }

  /**
   * Returns a CSV file as a table.
   *
   * @param file the file
   * @return the table
   */
  public static TableSource file(Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    return new Csv(file.toString(), () -> {
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new StorageException("Cannot read CSV file " + file + ": " + e.getMessage()
            + "; check that it exists and is readable", e);
      }
    });
  }

  /**
   * Returns CSV text as a table (for tests and small data).
   *
   * @param description what it is, for messages
   * @param text the CSV
   * @return the table
   */
  public static TableSource text(String description, String text) {
    InvalidRequestException.requireNonNull(text, "text");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Csv(description, () -> new java.io.ByteArrayInputStream(bytes));
  }

  /**
   * Returns a stored file version's content, as CSV, as a table. The content is verified as it
   * streams.
   *
   * @param repository the repository
   * @param version a version whose content is one CSV file
   * @return the table
   */
  public static TableSource version(Repository repository, ArtifactVersion version) {
    InvalidRequestException.requireNonNull(repository, "repository");
    InvalidRequestException.requireNonNull(version, "version");
    return new Csv(version.id().toString(), () -> repository.artifacts().open(version));
  }

  private static final class Csv implements TableSource {
    private final String description;
    private final Supplier<InputStream> opener;

    Csv(String description, Supplier<InputStream> opener) {
      this.description = InvalidRequestException.requireNonNull(description, "description");
      this.opener = opener;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public TableCursor open() {
      Reader reader = new InputStreamReader(opener.get(), StandardCharsets.UTF_8);
      CSVParser parser;
      try {
        parser = CSVParser.parse(reader, FORMAT);
      } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
        closeQuietly(reader, e);
        throw new InvalidDataException(description, 1, "Cannot read the header of CSV " + description + ": "
            + e.getMessage() + "; the first row must name each column once", e);
      }
      List<String> columns = parser.getHeaderNames();
      if (columns.isEmpty()) {
        closeQuietly(parser, null);
        throw new InvalidDataException(description, 1, "Cannot read CSV " + description + ": it has no header row;"
            + " the first row must name the columns", null);
      }
      for (String column : columns) {
        if (column.isBlank()) {
          closeQuietly(parser, null);
          throw new InvalidDataException(description, 1, "Cannot read CSV " + description + ": a column has a blank"
              + " name in the header " + columns + "; name every column", null);
        }
      }
      return new Cursor(description, parser, List.copyOf(columns));
    }

    @Override
    public String toString() {
      return "CSV " + description;
    }
  }

  private static void closeQuietly(AutoCloseable closeable, Exception primary) {
    try {
      closeable.close();
    } catch (Exception e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }

  private static final class Cursor implements TableCursor {
    private static final Set<String> NULLS = Set.of("");
    private final String description;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final List<String> row = new ArrayList<>();
    private long line;

    Cursor(String description, CSVParser parser, List<String> columns) {
      this.description = description;
      this.parser = parser;
      this.records = parser.iterator();
      this.columns = columns;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public boolean next() {
      CSVRecord record;
      try {
        if (!records.hasNext()) {
          return false;
        }
        record = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new InvalidDataException(description, parser.getCurrentLineNumber(), "Cannot read CSV " + description
            + " near line " + parser.getCurrentLineNumber() + ": " + rootMessage(e) + "; check the quoting of that row", e);
      }
      // The header is line 1; record n (from 1) starts on line n + 1 when no field spans lines.
      line = record.getRecordNumber() + 1;
      if (record.size() != columns.size()) {
        throw new InvalidDataException(description, line, "Cannot read CSV " + description + ": row " + line
            + " has " + record.size() + " fields but the header names " + columns.size() + " columns " + columns
            + "; give every row one field per column (an empty field for a missing value)", null);
      }
      row.clear();
      for (String value : record) {
        row.add(NULLS.contains(value) ? null : value);
      }
      return true;
    }

    @Override
    public String value(int column) {
      return row.get(column);
    }

    @Override
    public long line() {
      return line;
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        throw new StorageException("Cannot close CSV " + description + ": " + e.getMessage(), e);
      }
    }

    private static String rootMessage(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return String.valueOf(t.getMessage());
    }
  }
}
