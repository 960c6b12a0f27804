package dev.pedigree.gates;

/**
 * The forms a {@link Verdict} renders to, with {@link Verdict#render(VerdictFormat)}.
 *
 * <ul>
 *   <li>{@link #JSON}: every field, for tools and archives.</li>
 *   <li>{@link #MARKDOWN}: a heading with the outcome and a table of checks with status icons and
 *       evidence sentences, for a CI job summary (such as {@code $GITHUB_STEP_SUMMARY}).</li>
 *   <li>{@link #JUNIT_XML}: one {@code <testsuite>} per verdict and one {@code <testcase>} per
 *       check, so CI servers list failed checks as failed tests. A failed required check is a
 *       {@code <failure>}; a skipped check is {@code <skipped>}; a warning (a failed advisory
 *       check) is a passing test case whose {@code <system-out>} starts with {@code WARNING:},
 *       because JUnit XML has no warning state and an advisory check must not fail the build.</li>
 * </ul>
 */
public enum VerdictFormat {
  /** Indented JSON. */
  JSON,
  /** GitHub-flavoured Markdown. */
  MARKDOWN,
  /** JUnit XML (the Ant/Surefire report format). */
  JUNIT_XML
}
