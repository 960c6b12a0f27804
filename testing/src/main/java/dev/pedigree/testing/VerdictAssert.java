package dev.pedigree.testing;

import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.gates.Verdict;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Verdict}.
 *
 * <pre>{@code
 * assertThat(verdict).isRejected().hasFailedCheck("auc-not-worse").hasPassedCheck("auc-floor");
 * }</pre>
 */
public final class VerdictAssert extends AbstractAssert<VerdictAssert, Verdict> {
  VerdictAssert(Verdict actual) {
    super(actual, VerdictAssert.class);
  }

  /**
   * Verifies that the gate passed the candidate.
   *
   * @return this
   */
  public VerdictAssert isPassed() {
    isNotNull();
    if (!actual.passed()) {
      failWithMessage("%nExpecting gate '%s' to pass %s%nbut it was rejected:%n  %s", actual.gate(), actual.candidate(),
          actual.summary());
    }
    return this;
  }

  /**
   * Verifies that the gate rejected the candidate.
   *
   * @return this
   */
  public VerdictAssert isRejected() {
    isNotNull();
    if (actual.passed()) {
      failWithMessage("%nExpecting gate '%s' to reject %s%nbut it passed:%n  %s", actual.gate(), actual.candidate(),
          actual.summary());
    }
    return this;
  }

  /**
   * Verifies that a required check failed (and so blocked the candidate).
   *
   * @param check the check's name
   * @return this
   */
  public VerdictAssert hasFailedCheck(String check) {
    return hasCheckWithStatus(check, CheckStatus.FAILED);
  }

  /**
   * Verifies that a check passed.
   *
   * @param check the check's name
   * @return this
   */
  public VerdictAssert hasPassedCheck(String check) {
    return hasCheckWithStatus(check, CheckStatus.PASSED);
  }

  /**
   * Verifies that an advisory check failed and was reported as a warning.
   *
   * @param check the check's name
   * @return this
   */
  public VerdictAssert hasWarning(String check) {
    return hasCheckWithStatus(check, CheckStatus.WARNED);
  }

  /**
   * Verifies that a check was skipped.
   *
   * @param check the check's name
   * @return this
   */
  public VerdictAssert hasSkippedCheck(String check) {
    return hasCheckWithStatus(check, CheckStatus.SKIPPED);
  }

  /**
   * Verifies that no required check failed, naming those that did otherwise.
   *
   * @return this
   */
  public VerdictAssert hasNoFailedChecks() {
    isNotNull();
    if (!actual.failures().isEmpty()) {
      failWithMessage("%nExpecting gate '%s' to have no failed checks on %s%nbut these failed:%n  %s", actual.gate(),
          actual.candidate(), String.join("%n  ".formatted(), actual.failures().stream().map(CheckResult::toString).toList()));
    }
    return this;
  }

  /**
   * Verifies the baseline's version number.
   *
   * @param version the number expected
   * @return this
   */
  public VerdictAssert hasBaseline(int version) {
    isNotNull();
    if (actual.baseline().map(b -> b.number() != version).orElse(true)) {
      failWithMessage("%nExpecting the verdict on %s to compare with version %d%nbut was %s", actual.candidate(), version,
          actual.baseline().map(b -> "compared with " + b).orElse("without a baseline"));
    }
    return this;
  }

  /**
   * Verifies that the verdict had no baseline (a first promotion).
   *
   * @return this
   */
  public VerdictAssert hasNoBaseline() {
    isNotNull();
    if (actual.baseline().isPresent()) {
      failWithMessage("%nExpecting the verdict on %s to have no baseline%nbut was compared with %s", actual.candidate(),
          actual.baseline().get());
    }
    return this;
  }

  /**
   * Continues with assertions on one check's result.
   *
   * @param check the check's name
   * @return the result's assertions
   */
  public CheckResultAssert check(String check) {
    return new CheckResultAssert(find(check));
  }

  private VerdictAssert hasCheckWithStatus(String check, CheckStatus status) {
    CheckResult result = find(check);
    if (result.status() != status) {
      failWithMessage("%nExpecting check '%s' of gate '%s' to be %s%nbut was %s: %s", check, actual.gate(), status,
          result.status(), result.evidence().summary());
    }
    return this;
  }

  private CheckResult find(String check) {
    isNotNull();
    Optional<CheckResult> result = actual.result(check);
    if (result.isEmpty()) {
      failWithMessage("%nExpecting gate '%s' to have a check named '%s'%nbut its checks are %s", actual.gate(), check,
          actual.results().stream().map(CheckResult::check).toList());
    }
    return result.orElseThrow();
  }
}
