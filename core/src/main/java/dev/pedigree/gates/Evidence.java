package dev.pedigree.gates;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a check saw and judged against: a sentence a person understands, the observed values,
 * the thresholds they were held to, and the baseline version compared with, if any.
 *
 * <pre>{@code
 * Evidence.builder("auc is 0.79, below the minimum 0.80").observed("auc", 0.79).threshold("auc", ">= 0.8").build()
 * }</pre>
 *
 * <p>Every number recorded with {@link Builder#observed(String, double)} or
 * {@link Builder#observed(String, long)} is kept twice: rounded to six significant digits in
 * {@link #observed()}, for people, and at full precision in {@link #numbers()}, for tools that
 * compare it with another implementation or aggregate it.
 *
 * @param summary one or more sentences for people
 * @param observed measured values by name, in the order the check recorded them
 * @param thresholds the limits by name, as text such as {@code >= 0.8}
 * @param baseline the version compared with, when the check compared
 * @param numbers the observed values that are numbers, at full precision, by the same names
 */
public record Evidence(String summary, Map<String, String> observed, Map<String, String> thresholds,
    Optional<VersionId> baseline, Map<String, Double> numbers) {
  /** Validates and copies the fields, keeping their order. */
  public Evidence {
    InvalidRequestException.requireNonNull(summary, "summary");
    observed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(observed));
    thresholds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
    InvalidRequestException.requireNonNull(baseline, "baseline");
    numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
  }

  /**
   * Creates evidence without full-precision numbers.
   *
   * @param summary one or more sentences for people
   * @param observed measured values by name
   * @param thresholds the limits by name
   * @param baseline the version compared with, when the check compared
   */
  public Evidence(String summary, Map<String, String> observed, Map<String, String> thresholds,
      Optional<VersionId> baseline) {
    this(summary, observed, thresholds, baseline, Map.of());
  }

  /**
   * Returns an observed number at full precision.
   *
   * @param name what was measured
   * @return the value, or empty when it was not recorded as a number
   */
  public java.util.OptionalDouble number(String name) {
    Double value = numbers.get(name);
    return value == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(value);
  }

  /**
   * Returns a copy with another summary, keeping every value.
   *
   * @param text the new summary
   * @return the copy
   */
  public Evidence withSummary(String text) {
    return new Evidence(text, observed, thresholds, baseline, numbers);
  }

  /**
   * Returns a copy naming the baseline compared with, keeping every value.
   *
   * @param version the baseline
   * @return the copy
   */
  public Evidence withBaseline(VersionId version) {
    return new Evidence(summary, observed, thresholds, Optional.of(version), numbers);
  }

  /**
   * Returns evidence that is only a sentence.
   *
   * @param summary the sentence
   * @return the evidence
   */
  public static Evidence of(String summary) {
    return new Evidence(summary, Map.of(), Map.of(), Optional.empty());
  }

  /**
   * Starts building evidence.
   *
   * @param summary the sentence
   * @return a builder
   */
  public static Builder builder(String summary) {
    return new Builder(summary);
  }

  /**
   * Formats a number for evidence: six significant digits, no trailing zeros, {@code NaN} and
   * infinities by name; plain from 0.0001 up to ten million ({@code 0.8123}), scientific outside
   * that range ({@code 5.53e-8} for a tiny p-value).
   *
   * @param value the number
   * @return its text
   */
  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-4 && magnitude < 1e7) {
      return rounded.toPlainString();
    }
    // Tiny p-values and huge counts in scientific notation: 5.53e-8, not 0.0000000553.
    String digits = rounded.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "") + mantissa + "e" + exponent;
  }

  /** Builds {@link Evidence}; values keep the order they are added in. */
  public static final class Builder {
    private final String summary;
    private final Map<String, String> observed = new LinkedHashMap<>();
    private final Map<String, String> thresholds = new LinkedHashMap<>();
    private final Map<String, Double> numbers = new LinkedHashMap<>();
    private VersionId baseline;

    private Builder(String summary) {
      this.summary = InvalidRequestException.requireNonNull(summary, "summary");
    }

    /**
     * Records an observed number.
     *
     * @param name what was measured
     * @param value the value
     * @return this builder
     */
    public Builder observed(String name, double value) {
      observed(name, format(value));
      numbers.put(name, value);
      return this;
    }

    /**
     * Records an observed count, exactly.
     *
     * @param name what was counted
     * @param value the count
     * @return this builder
     */
    public Builder observed(String name, long value) {
      observed(name, Long.toString(value));
      numbers.put(name, (double) value);
      return this;
    }

    /**
     * Copies every value of other evidence (observed values, full-precision numbers and
     * thresholds, not its summary or baseline) into this builder.
     *
     * @param other the evidence
     * @return this builder
     */
    public Builder addAll(Evidence other) {
      other.observed().forEach(this::observed);
      numbers.putAll(other.numbers());
      other.thresholds().forEach(this::threshold);
      return this;
    }

    /**
     * Records an observed value.
     *
     * @param name what was measured
     * @param value the value as text
     * @return this builder
     */
    public Builder observed(String name, String value) {
      observed.put(InvalidRequestException.requireNonNull(name, "name"), InvalidRequestException.requireNonNull(value, "value"));
      numbers.remove(name);
      return this;
    }

    /**
     * Records a threshold.
     *
     * @param name what it limits
     * @param limit the limit as text, such as {@code >= 0.8}
     * @return this builder
     */
    public Builder threshold(String name, String limit) {
      thresholds.put(InvalidRequestException.requireNonNull(name, "name"), InvalidRequestException.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Records the baseline compared with.
     *
     * @param version the baseline
     * @return this builder
     */
    public Builder baseline(VersionId version) {
      baseline = InvalidRequestException.requireNonNull(version, "version");
      return this;
    }

    /**
     * Builds the evidence.
     *
     * @return the evidence
     */
    public Evidence build() {
      return new Evidence(summary, observed, thresholds, Optional.ofNullable(baseline), numbers);
    }
  }
}
