package dev.pedigree.spark;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to read a version as a DataFrame: which version, in which format, with which reader
 * options, and whether the executors check each file's digest first.
 *
 * <pre>{@code
 * Dataset<Row> rows = spark.read(SparkRead.of("raw-customers@production").format("csv")
 *     .option("header", "true").build());
 * }</pre>
 *
 * @param reference the version, as {@code name}, {@code name:7} or {@code name@alias}
 * @param format a Spark file format: {@code parquet}, {@code csv}, {@code json}, {@code orc}, {@code text}
 * @param options the reader's options
 * @param verify whether executors check every file's digest before the DataFrame is returned
 */
public record SparkRead(String reference, String format, Map<String, String> options, boolean verify) {
  /** Checks and copies the fields. */
  public SparkRead {
    InvalidRequestException.requireNonNull(reference, "reference");
    InvalidRequestException.requireNonNull(format, "format");
    options = Map.copyOf(options);
  }

  /**
   * Starts describing a read of a version (Parquet, verified, by default).
   *
   * @param reference the version, as {@code name}, {@code name:7} or {@code name@alias}
   * @return a builder
   */
  public static Builder of(String reference) {
    return new Builder(reference);
  }

  /** Builds a {@link SparkRead}. */
  public static final class Builder {
    private final String reference;
    private String format = "parquet";
    private final Map<String, String> options = new LinkedHashMap<>();
    private boolean verify = true;

    private Builder(String reference) {
      this.reference = InvalidRequestException.requireNonNull(reference, "reference");
    }

    /**
     * Sets the format (default {@code parquet}).
     *
     * @param name a Spark file format
     * @return this builder
     */
    public Builder format(String name) {
      this.format = InvalidRequestException.requireNonNull(name, "format");
      return this;
    }

    /**
     * Sets a reader option, such as {@code header} for CSV.
     *
     * @param name the option
     * @param value its value
     * @return this builder
     */
    public Builder option(String name, String value) {
      options.put(InvalidRequestException.requireNonNull(name, "option name"), InvalidRequestException.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets whether executors read every file through once to check its digest before the
     * DataFrame is returned (default {@code true}). Spark then reads the files again, in
     * place: a file that changes between the check and the read is not caught, and the check
     * reads every byte even when a query needs a few columns. Turn it off for stores you
     * trust, and verify with {@code repo.verify()} on a schedule instead.
     *
     * @param value whether to verify
     * @return this builder
     */
    public Builder verify(boolean value) {
      this.verify = value;
      return this;
    }

    /**
     * Builds the read.
     *
     * @return the read
     */
    public SparkRead build() {
      return new SparkRead(reference, format, options, verify);
    }
  }
}
