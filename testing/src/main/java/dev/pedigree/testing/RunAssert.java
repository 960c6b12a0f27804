package dev.pedigree.testing;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Run}: what it read, wrote and how it ended.
 *
 * <pre>{@code
 * assertThat(run).hasInput("features:2").hasOutput("churn-model:3").hasParam("lr", "0.1").hasSucceeded();
 * }</pre>
 */
public final class RunAssert extends AbstractAssert<RunAssert, Run> {
  RunAssert(Run actual) {
    super(actual, RunAssert.class);
  }

  /**
   * Verifies that the run read a version.
   *
   * @param version such as {@code features:2}
   * @return this
   */
  public RunAssert hasInput(String version) {
    isNotNull();
    VersionId id = VersionId.parse(version);
    if (!actual.inputs().contains(id)) {
      failWithMessage("%nExpecting run %s (%s) to have read %s%nbut its inputs were %s", actual.id(), actual.job(), id,
          actual.inputs());
    }
    return this;
  }

  /**
   * Verifies that the run registered a version.
   *
   * @param version such as {@code churn-model:3}
   * @return this
   */
  public RunAssert hasOutput(String version) {
    isNotNull();
    VersionId id = VersionId.parse(version);
    if (!actual.outputs().contains(id)) {
      failWithMessage("%nExpecting run %s (%s) to have written %s%nbut its outputs were %s", actual.id(), actual.job(), id,
          actual.outputs());
    }
    return this;
  }

  /**
   * Verifies a parameter.
   *
   * @param name the parameter
   * @param value its expected value
   * @return this
   */
  public RunAssert hasParam(String name, String value) {
    isNotNull();
    String param = actual.params().get(name);
    if (!value.equals(param)) {
      failWithMessage("%nExpecting run %s to have param %s=%s%nbut was %s", actual.id(), name, value,
          param == null ? "not set (its params are " + actual.params() + ")" : name + "=" + param);
    }
    return this;
  }

  /**
   * Verifies that the run succeeded.
   *
   * @return this
   */
  public RunAssert hasSucceeded() {
    return hasStatus(RunStatus.SUCCEEDED);
  }

  /**
   * Verifies the run's status.
   *
   * @param status the status expected
   * @return this
   */
  public RunAssert hasStatus(RunStatus status) {
    isNotNull();
    if (actual.status() != status) {
      failWithMessage("%nExpecting run %s (%s) to be %s%nbut was %s%s", actual.id(), actual.job(), status, actual.status(),
          actual.error().map(e -> ": " + e).orElse(""));
    }
    return this;
  }
}
