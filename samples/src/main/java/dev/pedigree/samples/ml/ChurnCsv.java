package dev.pedigree.samples.ml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes churn data as CSV with the header
 * {@code customer_id,tenure_months,monthly_charges,contract,support_calls,churned}.
 * The sample's data has no quoted fields, so a plain split suffices.
 */
public final class ChurnCsv {
  /** The header line. */
  public static final String HEADER = "customer_id,tenure_months,monthly_charges,contract,support_calls,churned";

  private ChurnCsv() {
  }

  /**
   * Writes customers with their outcomes as CSV bytes.
   *
   * @param rows the rows
   * @return UTF-8 CSV with a header
   */
  public static byte[] write(List<LabelledCustomer> rows) {
    StringBuilder text = new StringBuilder(rows.size() * 48).append(HEADER).append('\n');
    for (LabelledCustomer row : rows) {
      text.append(line(row)).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Formats one data line as {@link #write} does, without its line break; for engines that
   * write the lines themselves (the Spark preprocess).
   *
   * @param row the row
   * @return the line
   */
  public static String line(LabelledCustomer row) {
    Customer c = row.customer();
    return c.id() + ',' + c.tenureMonths() + ',' + String.format(Locale.ROOT, "%.2f", c.monthlyCharges()) + ','
        + c.contract().code() + ',' + c.supportCalls() + ',' + (row.churned() ? '1' : '0');
  }

  /**
   * Reads CSV written by {@link #write}.
   *
   * @param in the CSV bytes
   * @return the rows
   * @throws IllegalArgumentException naming the line of the first malformed row
   */
  public static List<LabelledCustomer> read(InputStream in) {
    List<LabelledCustomer> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (!HEADER.equals(header)) {
        throw new IllegalArgumentException("Cannot read churn CSV: the header is '" + header + "', expected '"
            + HEADER + "'");
      }
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        rows.add(parse(line, number));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read churn CSV: " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Reads CSV bytes.
   *
   * @param csv the bytes
   * @return the rows
   */
  public static List<LabelledCustomer> read(byte[] csv) {
    return read(new java.io.ByteArrayInputStream(csv));
  }

  /**
   * Splits a data line into its six fields, without interpreting them.
   *
   * @param line the line
   * @return the fields
   */
  static String[] fields(String line) {
    return line.split(",", -1);
  }

  /**
   * Reads one data line, as {@link #read} does for each line after the header.
   *
   * @param line the line, without its line break
   * @param number the line's number in its file, for the error message
   * @return the row
   * @throws IllegalArgumentException naming the line when it is malformed
   */
  public static LabelledCustomer parse(String line, int number) {
    String[] f = fields(line);
    if (f.length != 6) {
      throw new IllegalArgumentException("Cannot read churn CSV line " + number + ": it has " + f.length
          + " fields, expected 6");
    }
    try {
      Customer customer = new Customer(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Contract.ofCode(f[3]),
          Integer.parseInt(f[4]));
      if (!f[5].equals("0") && !f[5].equals("1")) {
        throw new IllegalArgumentException("churned is '" + f[5] + "', expected 0 or 1");
      }
      return new LabelledCustomer(customer, f[5].equals("1"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read churn CSV line " + number + ": " + e.getMessage(), e);
    }
  }
}
