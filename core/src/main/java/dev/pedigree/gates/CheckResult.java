package dev.pedigree.gates;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * How one check judged a candidate, with its evidence.
 *
 * @param check the check's name
 * @param status passed, failed, warned or skipped
 * @param required whether a failure of this check rejects the candidate (false for advisory checks)
 * @param evidence what the check saw and why it decided so
 */
public record CheckResult(String check, CheckStatus status, boolean required, Evidence evidence) {
  /** Validates the fields. */
  public CheckResult {
    InvalidRequestException.requireNonNull(check, "check");
    InvalidRequestException.requireNonNull(status, "status");
    InvalidRequestException.requireNonNull(evidence, "evidence");
  }

  /**
   * Returns a passed result of a required check.
   *
   * @param check the check's name
   * @param evidence why
   * @return the result
   */
  public static CheckResult passed(String check, Evidence evidence) {
    return new CheckResult(check, CheckStatus.PASSED, true, evidence);
  }

  /**
   * Returns a passed result of a required check with only a sentence as evidence.
   *
   * @param check the check's name
   * @param summary why
   * @return the result
   */
  public static CheckResult passed(String check, String summary) {
    return passed(check, Evidence.of(summary));
  }

  /**
   * Returns a failed result of a required check.
   *
   * @param check the check's name
   * @param evidence why
   * @return the result
   */
  public static CheckResult failed(String check, Evidence evidence) {
    return new CheckResult(check, CheckStatus.FAILED, true, evidence);
  }

  /**
   * Returns a failed result of a required check with only a sentence as evidence.
   *
   * @param check the check's name
   * @param summary why
   * @return the result
   */
  public static CheckResult failed(String check, String summary) {
    return failed(check, Evidence.of(summary));
  }

  /**
   * Returns a skipped result.
   *
   * @param check the check's name
   * @param evidence why it did not apply
   * @return the result
   */
  public static CheckResult skipped(String check, Evidence evidence) {
    return new CheckResult(check, CheckStatus.SKIPPED, true, evidence);
  }

  /**
   * Returns a result that passes or fails on a condition.
   *
   * @param check the check's name
   * @param ok whether the candidate meets the check
   * @param evidence why
   * @return the result
   */
  public static CheckResult of(String check, boolean ok, Evidence evidence) {
    return ok ? passed(check, evidence) : failed(check, evidence);
  }

  /**
   * Returns whether this result rejects the candidate: a failed required check.
   *
   * @return true if it blocks promotion
   */
  public boolean blocking() {
    return status == CheckStatus.FAILED && required;
  }

  /**
   * Returns this result as a gate records it for a check it holds as required or advisory:
   * under the check's name, and with a failure of an advisory check turned into a warning.
   *
   * @param name the check's name in the gate
   * @param isRequired whether the gate requires the check
   * @return the result as recorded
   */
  public CheckResult as(String name, boolean isRequired) {
    CheckStatus recorded = !isRequired && status == CheckStatus.FAILED ? CheckStatus.WARNED : status;
    return new CheckResult(name, recorded, isRequired, evidence);
  }

  @Override
  public String toString() {
    return check + ": " + status + " (" + evidence.summary() + ")";
  }
}
