package dev.pedigree.testing;

import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link CheckResult}.
 *
 * <pre>{@code
 * assertThat(result).isFailed().hasSummaryContaining("below the baseline").hasObserved("auc", "0.79");
 * }</pre>
 */
public final class CheckResultAssert extends AbstractAssert<CheckResultAssert, CheckResult> {
  CheckResultAssert(CheckResult actual) {
    super(actual, CheckResultAssert.class);
  }

  /**
   * Verifies the status.
   *
   * @param status the status expected
   * @return this
   */
  public CheckResultAssert hasStatus(CheckStatus status) {
    isNotNull();
    if (actual.status() != status) {
      failWithMessage("%nExpecting check '%s' to be %s%nbut was %s: %s", actual.check(), status, actual.status(),
          actual.evidence().summary());
    }
    return this;
  }

  /**
   * Verifies that the check passed.
   *
   * @return this
   */
  public CheckResultAssert isPassed() {
    return hasStatus(CheckStatus.PASSED);
  }

  /**
   * Verifies that the check failed.
   *
   * @return this
   */
  public CheckResultAssert isFailed() {
    return hasStatus(CheckStatus.FAILED);
  }

  /**
   * Verifies that the check warned (an advisory failure).
   *
   * @return this
   */
  public CheckResultAssert isWarned() {
    return hasStatus(CheckStatus.WARNED);
  }

  /**
   * Verifies that the check was skipped.
   *
   * @return this
   */
  public CheckResultAssert isSkipped() {
    return hasStatus(CheckStatus.SKIPPED);
  }

  /**
   * Verifies that the evidence's sentence contains a text.
   *
   * @param text the expected part
   * @return this
   */
  public CheckResultAssert hasSummaryContaining(String text) {
    isNotNull();
    if (!actual.evidence().summary().contains(text)) {
      failWithMessage("%nExpecting the evidence of check '%s' to contain:%n  \"%s\"%nbut was:%n  \"%s\"", actual.check(),
          text, actual.evidence().summary());
    }
    return this;
  }

  /**
   * Verifies an observed value in the evidence.
   *
   * @param name the observation's name
   * @param value its expected text
   * @return this
   */
  public CheckResultAssert hasObserved(String name, String value) {
    isNotNull();
    String observed = actual.evidence().observed().get(name);
    if (!value.equals(observed)) {
      failWithMessage("%nExpecting check '%s' to have observed %s = %s%nbut was %s", actual.check(), name, value,
          observed == null ? "not observed (it observed " + actual.evidence().observed().keySet() + ")" : observed);
    }
    return this;
  }
}
