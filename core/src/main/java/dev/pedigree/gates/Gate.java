package dev.pedigree.gates;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Names;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named set of checks, each required or advisory. A candidate passes the gate when no required
 * check fails; a failed advisory check is reported as a warning and does not block.
 *
 * <pre>{@code
 * Gate gate = Gate.named("production")
 *     .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
 *         .whenNoBaseline(BaselinePolicy.PASS).build())
 *     .advise(MetricCheck.named("latency").metric("p99_ms").atMost(50).build())
 *     .build();
 * Verdict verdict = gate.evaluate(CheckContext.of(candidate).withBaseline(current));
 * }</pre>
 *
 * <p>A check that throws is recorded as failed (a warning if advisory) with the exception's
 * message as evidence, so a verdict always accounts for every check.
 */
public final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  private final String name;
  private final String description;
  private final List<Check> checks;
  private final List<Boolean> required;

  private Gate(Builder builder) {
    this.name = builder.name;
    this.description = builder.description == null ? "" : builder.description;
    this.checks = List.copyOf(builder.checks.values());
    this.required = List.copyOf(builder.required);
  }

  /**
   * Starts building a gate.
   *
   * @param name the gate's name: letters, digits, {@code .}, {@code _} and {@code -}
   * @return a builder
   * @throws InvalidRequestException if the name is not of that form
   */
  public static Builder named(String name) {
    return new Builder(requireValidName(name, "gate"));
  }

  /**
   * Returns the gate's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the description given when the gate was built.
   *
   * @return the description, empty if none
   */
  public String description() {
    return description;
  }

  /**
   * Returns the checks in the order they run.
   *
   * @return the checks
   */
  public List<Check> checks() {
    return checks;
  }

  /**
   * Returns whether the gate requires a check (rather than only advising on it).
   *
   * @param checkName the check's name
   * @return true if a failure of it rejects a candidate
   * @throws InvalidRequestException if the gate has no such check
   */
  public boolean requires(String checkName) {
    for (int i = 0; i < checks.size(); i++) {
      if (checks.get(i).name().equals(checkName)) {
        return required.get(i);
      }
    }
    throw new InvalidRequestException("Gate '" + name + "' has no check '" + checkName + "'");
  }

  /**
   * Evaluates every check on a candidate, with the system clock for the verdict's time.
   *
   * @param context the candidate, baseline and repository
   * @return the verdict
   */
  public Verdict evaluate(CheckContext context) {
    return evaluate(context, Clock.systemUTC());
  }

  /**
   * Evaluates every check on a candidate compared with a baseline (or none).
   *
   * @param candidate the candidate
   * @param baseline the baseline, or {@code null} when there is none
   * @return the verdict
   */
  public Verdict evaluate(ArtifactVersion candidate, ArtifactVersion baseline) {
    return evaluate(CheckContext.of(candidate).withBaseline(baseline));
  }

  /**
   * Evaluates every check on a candidate.
   *
   * @param context the candidate, baseline and repository
   * @param clock the clock for the verdict's time
   * @return the verdict
   */
  public Verdict evaluate(CheckContext context, Clock clock) {
    InvalidRequestException.requireNonNull(context, "context");
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      Check check = checks.get(i);
      boolean isRequired = required.get(i);
      CheckResult result;
      try {
        result = Objects.requireNonNull(check.evaluate(context), "check returned no result");
      } catch (RuntimeException e) {
        LOG.warn("Check '{}' of gate '{}' could not evaluate {}", check.name(), name, context.candidate().id(), e);
        result = CheckResult.failed(check.name(), Evidence.builder("The check could not be evaluated: "
            + e.getMessage()).observed("error", e.getClass().getName()).build());
      }
      results.add(result.as(check.name(), isRequired));
    }
    return new Verdict(name, context.candidate().id(), context.baseline().map(ArtifactVersion::id),
        context.alias(), results, clock.instant());
  }

  @Override
  public String toString() {
    return "Gate[" + name + ", " + checks.size() + " checks]";
  }

  static String requireValidName(String value, String what) {
    InvalidRequestException.requireNonNull(value, what + " name");
    String problem = Names.problem(value, 128, 128, false);
    if (problem != null) {
      throw new InvalidRequestException("Cannot name a " + what + " '" + Names.printable(value) + "': " + problem
          + "; a name is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  /**
   * Builds a {@link Gate}. Strict: a check name given twice, a description given twice or a gate
   * without checks is rejected with a message that says what to change.
   */
  public static final class Builder {
    private final String name;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final List<Boolean> required = new ArrayList<>();
    private String description;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a required check: a failure of it rejects the candidate.
     *
     * @param check the check
     * @return this builder
     * @throws InvalidRequestException if the gate already has a check of that name
     */
    public Builder require(Check check) {
      return add(check, true);
    }

    /**
     * Adds an advisory check: a failure of it is reported as a warning and does not block.
     *
     * @param check the check
     * @return this builder
     * @throws InvalidRequestException if the gate already has a check of that name
     */
    public Builder advise(Check check) {
      return add(check, false);
    }

    /**
     * Describes the gate for people.
     *
     * @param text the description
     * @return this builder
     * @throws InvalidRequestException if a description was already given
     */
    public Builder description(String text) {
      if (description != null) {
        throw new InvalidRequestException("Cannot describe gate '" + name + "' twice: it is already described as '"
            + description + "'; give one description");
      }
      description = InvalidRequestException.requireNonNull(text, "text");
      return this;
    }

    private Builder add(Check check, boolean isRequired) {
      InvalidRequestException.requireNonNull(check, "check");
      String checkName = requireValidName(check.name(), "check");
      if (checks.containsKey(checkName)) {
        throw new InvalidRequestException("Cannot add check '" + checkName + "' to gate '" + name
            + "': the gate already has a check of that name; give each check its own name");
      }
      checks.put(checkName, check);
      required.add(isRequired);
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     * @throws InvalidRequestException if no check was added
     */
    public Gate build() {
      if (checks.isEmpty()) {
        throw new InvalidRequestException("Cannot build gate '" + name + "': it has no checks; add one with"
            + " require(check) or advise(check)");
      }
      return new Gate(this);
    }
  }
}
