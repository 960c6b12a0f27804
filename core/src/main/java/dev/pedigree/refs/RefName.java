package dev.pedigree.refs;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.internal.Names;

/**
 * The name of a ref: {@code /}-separated segments of letters, digits, {@code .}, {@code _} and
 * {@code -}, each starting with a letter or digit, at most 64 characters a segment and 256 in
 * all. For example {@code artifacts/churn-model/aliases/production}.
 *
 * @param value the name
 */
public record RefName(String value) implements Comparable<RefName> {
  /** The longest name accepted. */
  public static final int MAX_LENGTH = 256;
  /** The longest segment accepted. */
  public static final int MAX_SEGMENT_LENGTH = 64;

  /**
   * Validates the name.
   *
   * @throws InvalidNameException if it is not of the documented form
   */
  public RefName {
    String problem = Names.problem(value, MAX_LENGTH, MAX_SEGMENT_LENGTH, true);
    if (problem != null) {
      throw new InvalidNameException(value, "Cannot use '" + Names.printable(value) + "' as a ref name: " + problem
          + "; use '/'-separated segments of letters, digits, '.', '_' and '-' such as 'artifacts/model/aliases/production'");
    }
  }

  /**
   * Returns the ref name for the given text.
   *
   * @param value the text
   * @return the name
   */
  public static RefName of(String value) {
    return new RefName(value);
  }

  @Override
  public int compareTo(RefName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
