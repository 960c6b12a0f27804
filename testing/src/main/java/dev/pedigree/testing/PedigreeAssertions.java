package dev.pedigree.testing;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.Run;

/**
 * Entry point of Pedigree's AssertJ assertions. Import statically beside AssertJ's own:
 *
 * <pre>{@code
 * import static dev.pedigree.testing.PedigreeAssertions.assertThat;
 *
 * assertThat(verdict).isRejected().hasFailedCheck("auc-not-worse");
 * assertThat(verdict.result("auc-floor").orElseThrow()).isPassed();
 * assertThat(repo).alias("churn-model", "production").holdsVersion(3);
 * assertThat(repo).lineageOf("churn-model:3").hasInput("features:2").hasSucceeded();
 * assertThat(version).hasMetric("auc", 0.91);
 * }</pre>
 */
public final class PedigreeAssertions {
  private PedigreeAssertions() {
  }

  /**
   * Starts assertions on a verdict.
   *
   * @param actual the verdict
   * @return its assertions
   */
  public static VerdictAssert assertThat(Verdict actual) {
    return new VerdictAssert(actual);
  }

  /**
   * Starts assertions on a check result.
   *
   * @param actual the result
   * @return its assertions
   */
  public static CheckResultAssert assertThat(CheckResult actual) {
    return new CheckResultAssert(actual);
  }

  /**
   * Starts assertions on a version.
   *
   * @param actual the version
   * @return its assertions
   */
  public static ArtifactVersionAssert assertThat(ArtifactVersion actual) {
    return new ArtifactVersionAssert(actual);
  }

  /**
   * Starts assertions on a repository: its aliases, versions and lineage.
   *
   * @param actual the repository
   * @return its assertions
   */
  public static RepositoryAssert assertThat(Repository actual) {
    return new RepositoryAssert(actual);
  }

  /**
   * Starts assertions on a run: its inputs, outputs and status.
   *
   * @param actual the run
   * @return its assertions
   */
  public static RunAssert assertThat(Run actual) {
    return new RunAssert(actual);
  }
}
