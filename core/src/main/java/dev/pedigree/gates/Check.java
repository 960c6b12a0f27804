package dev.pedigree.gates;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Judges a candidate: a plain object with a name that turns a {@link CheckContext} into a
 * {@link CheckResult}. Checks are stateless as far as callers can see; a gate may run one many
 * times (once per promotion attempt).
 *
 * <p>A custom check from a lambda:
 * <pre>{@code
 * Check small = Check.of("model-under-100mb", ctx -> CheckResult.of("model-under-100mb",
 *     ctx.candidate().size() < 100 << 20, Evidence.of("the model is " + ctx.candidate().size() + " bytes")));
 * Check tagged = Check.that("reviewed", ctx -> ctx.candidate().tags().containsKey("reviewed-by"),
 *     "the candidate carries a reviewed-by tag");
 * }</pre>
 */
public interface Check {
  /**
   * Returns the check's name, unique within a gate, as shown in verdicts.
   *
   * @return the name
   */
  String name();

  /**
   * Judges the candidate in the context.
   *
   * @param context the candidate, baseline and repository
   * @return the result; an exception thrown here is recorded by the gate as a failure of the check
   */
  CheckResult evaluate(CheckContext context);

  /**
   * Validates a check name: 1 to 128 letters, digits, {@code .}, {@code _} or {@code -}, starting
   * with a letter or digit (so names are safe in file names, Markdown and XML).
   *
   * @param name the name
   * @return the same name
   * @throws InvalidRequestException if it is not of that form
   */
  static String requireValidName(String name) {
    return Gate.requireValidName(name, "check");
  }

  /**
   * Returns a check from a name and a function.
   *
   * @param name the check's name
   * @param function what the check does
   * @return the check
   */
  static Check of(String name, Function<CheckContext, CheckResult> function) {
    Gate.requireValidName(name, "check");
    InvalidRequestException.requireNonNull(function, "function");
    return new Check() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult evaluate(CheckContext context) {
        CheckResult result = Objects.requireNonNull(function.apply(context),
            () -> "Check '" + name + "' returned no result");
        return result.as(name, result.required());
      }

      @Override
      public String toString() {
        return "Check[" + name + "]";
      }
    };
  }

  /**
   * Returns a check that passes when a condition holds.
   *
   * @param name the check's name
   * @param condition when the candidate passes
   * @param expectation what passing means, as a sentence ("the candidate carries a reviewed-by tag")
   * @return the check
   */
  static Check that(String name, Predicate<CheckContext> condition, String expectation) {
    InvalidRequestException.requireNonNull(condition, "condition");
    InvalidRequestException.requireNonNull(expectation, "expectation");
    return of(name, ctx -> condition.test(ctx)
        ? CheckResult.passed(name, "Met: " + expectation + ".")
        : CheckResult.failed(name, "Not met: " + expectation + "."));
  }
}
