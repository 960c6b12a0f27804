package dev.pedigree.samples.ml;

import java.util.Locale;

/** A customer's contract type, as written in the data ({@code month-to-month} and so on). */
public enum Contract {
  /** No commitment: the customers most likely to leave. */
  MONTH_TO_MONTH("month-to-month"),
  /** A one-year contract. */
  ONE_YEAR("one-year"),
  /** A two-year contract: the least likely to leave. */
  TWO_YEAR("two-year");

  private final String code;

  Contract(String code) {
    this.code = code;
  }

  /**
   * Returns the code used in data files and JSON requests.
   *
   * @return such as {@code month-to-month}
   */
  public String code() {
    return code;
  }

  /**
   * Parses a code.
   *
   * @param code such as {@code one-year} (case ignored)
   * @return the contract
   * @throws IllegalArgumentException if the code is not one of the three
   */
  public static Contract ofCode(String code) {
    String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
    for (Contract c : values()) {
      if (c.code.equals(wanted)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Cannot read contract '" + code
        + "': it is not one of month-to-month, one-year, two-year; fix the data");
  }
}
