package dev.pedigree.samples.ml;

/**
 * What is wrong with one week's data, if anything: the faults the simulation injects.
 *
 * @param labelNoise the fraction of outcomes recorded wrongly (flipped), 0 to 0.5
 * @param contractCodesSwapped whether the upstream export wrote {@code month-to-month} and
 *     {@code two-year} the wrong way round (a silent change no range check catches)
 */
public record WeekConditions(double labelNoise, boolean contractCodesSwapped) {
  /**
   * Validates the noise level.
   *
   * @throws IllegalArgumentException if the noise is outside 0 to 0.5
   */
  public WeekConditions {
    if (!(labelNoise >= 0 && labelNoise <= 0.5)) {
      throw new IllegalArgumentException("Cannot use label noise " + labelNoise + ": it must be between 0 and 0.5");
    }
  }

  /**
   * Returns the conditions of a healthy week.
   *
   * @return no faults
   */
  public static WeekConditions healthy() {
    return new WeekConditions(0, false);
  }

  /**
   * Returns a week whose outcomes are partly recorded wrongly.
   *
   * @param fraction the fraction of flipped outcomes
   * @return the conditions
   */
  public static WeekConditions labelNoise(double fraction) {
    return new WeekConditions(fraction, false);
  }

  /**
   * Returns a week whose contract codes are swapped by the upstream export.
   *
   * @return the conditions
   */
  public static WeekConditions swappedContractCodes() {
    return new WeekConditions(0, true);
  }

  /**
   * Says in a few words what is wrong with the week.
   *
   * @return such as {@code "healthy"} or {@code "label noise 30%"}
   */
  public String describe() {
    if (labelNoise == 0 && !contractCodesSwapped) {
      return "healthy";
    }
    StringBuilder text = new StringBuilder();
    if (labelNoise > 0) {
      text.append("label noise ").append(Math.round(labelNoise * 100)).append('%');
    }
    if (contractCodesSwapped) {
      text.append(text.length() > 0 ? ", " : "").append("contract codes swapped upstream");
    }
    return text.toString();
  }
}
