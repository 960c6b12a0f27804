package dev.pedigree.gates;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a gate decided about a candidate, with every check's result and evidence. A verdict is
 * passed when no required check failed, and rejected otherwise.
 *
 * <pre>{@code
 * if (verdict.rejected()) {
 *   Files.writeString(Path.of(System.getenv("GITHUB_STEP_SUMMARY")), verdict.render(VerdictFormat.MARKDOWN));
 *   throw new InvalidRequestException(verdict.summary());
 * }
 * }</pre>
 *
 * @param gate the gate's name
 * @param candidate the version judged
 * @param baseline the version it was compared with, if any
 * @param alias the alias it was judged for, if any
 * @param results each check's result, in the gate's order
 * @param time when the gate decided
 */
public record Verdict(String gate, VersionId candidate, Optional<VersionId> baseline, Optional<String> alias,
    List<CheckResult> results, Instant time) {
  /** Validates and copies the fields. */
  public Verdict {
    InvalidRequestException.requireNonNull(gate, "gate");
    InvalidRequestException.requireNonNull(candidate, "candidate");
    InvalidRequestException.requireNonNull(baseline, "baseline");
    InvalidRequestException.requireNonNull(alias, "alias");
    results = List.copyOf(results);
    InvalidRequestException.requireNonNull(time, "time");
    Set<String> names = new HashSet<>();
    for (CheckResult result : results) {
      if (!names.add(result.check())) {
        throw new InvalidRequestException("A verdict holds one result per check; '" + result.check() + "' appears twice");
      }
    }
  }

  /**
   * Returns whether the candidate passed: no required check failed.
   *
   * @return true if it passed
   */
  public boolean passed() {
    return results.stream().noneMatch(CheckResult::blocking);
  }

  /**
   * Returns whether the candidate was rejected: some required check failed.
   *
   * @return true if it was rejected
   */
  public boolean rejected() {
    return !passed();
  }

  /**
   * Returns the results of the required checks that failed.
   *
   * @return the failures, in the gate's order
   */
  public List<CheckResult> failures() {
    return results.stream().filter(CheckResult::blocking).toList();
  }

  /**
   * Returns the results of the advisory checks that failed.
   *
   * @return the warnings, in the gate's order
   */
  public List<CheckResult> warnings() {
    return results.stream().filter(r -> r.status() == CheckStatus.WARNED).toList();
  }

  /**
   * Returns one check's result.
   *
   * @param check the check's name
   * @return the result, or empty if the gate has no such check
   */
  public Optional<CheckResult> result(String check) {
    return results.stream().filter(r -> r.check().equals(check)).findFirst();
  }

  /**
   * Returns a sentence that says what was decided and why, such as
   * {@code Gate 'production' rejected churn-model:8 (baseline churn-model:7): 1 of 2 required checks failed: auc-not-worse (auc is ...).}
   *
   * @return the sentence
   */
  public String summary() {
    StringBuilder text = new StringBuilder("Gate '").append(gate).append("' ")
        .append(passed() ? "passed " : "rejected ").append(candidate);
    baseline.ifPresentOrElse(b -> text.append(" (baseline ").append(b).append(')'), () -> text.append(" (no baseline)"));
    long requiredCount = results.stream().filter(CheckResult::required).count();
    List<CheckResult> failures = failures();
    if (failures.isEmpty()) {
      text.append(": ").append(requiredCount).append(" of ").append(requiredCount).append(" required checks passed or were skipped");
    } else {
      text.append(": ").append(failures.size()).append(" of ").append(requiredCount).append(" required checks failed: ")
          .append(failures.stream().map(f -> f.check() + " (" + f.evidence().summary() + ")").collect(Collectors.joining("; ")));
    }
    List<CheckResult> warnings = warnings();
    if (!warnings.isEmpty()) {
      text.append("; warnings: ").append(warnings.stream().map(CheckResult::check).collect(Collectors.joining(", ")));
    }
    return text.append('.').toString();
  }

  /**
   * Renders the verdict for a machine or a person.
   *
   * @param format JSON, Markdown or JUnit XML
   * @return the text
   */
  public String render(VerdictFormat format) {
    return switch (InvalidRequestException.requireNonNull(format, "format")) {
      case JSON -> VerdictRendering.json(this);
      case MARKDOWN -> VerdictRendering.markdown(this);
      case JUNIT_XML -> VerdictRendering.junitXml(this);
    };
  }

  @Override
  public String toString() {
    return summary();
  }
}
