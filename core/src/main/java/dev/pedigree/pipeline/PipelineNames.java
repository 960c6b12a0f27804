package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.internal.Names;

/**
 * Validation of pipeline, stage, input and parameter names, for builders outside core (such as
 * the DSL) that check a name when it is given. The rule is the one {@link Pipeline} and
 * {@link Stage} apply.
 *
 * <pre>{@code
 * PipelineNames.requireValid("preprocess", "stage"); // returns "preprocess"
 * }</pre>
 */
public final class PipelineNames {
  /** The longest pipeline or stage name, so that fingerprint ref names stay within limits. */
  public static final int MAX_LENGTH = 64;

  private PipelineNames() {
  }

  /**
   * Returns a name if it is valid.
   *
   * @param name the name
   * @param what what it names, for the message: {@code "pipeline"}, {@code "stage"},
   *     {@code "input"} or {@code "parameter"}
   * @return the name
   * @throws InvalidNameException if it is null, empty, too long or has a character other than
   *     letters, digits, {@code .}, {@code _} and {@code -}
   */
  public static String requireValid(String name, String what) {
    String problem = Names.problem(name, MAX_LENGTH, MAX_LENGTH, false);
    if (problem != null) {
      throw new InvalidNameException(name, "Cannot use '" + Names.printable(name) + "' as " + (what.matches("[aeiou].*") ? "an " : "a ") + what + " name: "
          + problem + "; use up to " + MAX_LENGTH + " letters, digits, '.', '_' and '-', starting with a letter or digit,"
          + " such as 'preprocess'");
    }
    return name;
  }
}
