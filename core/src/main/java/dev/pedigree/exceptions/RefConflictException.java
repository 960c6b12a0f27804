package dev.pedigree.exceptions;

/**
 * A ref did not hold the value an update expected, or another writer appended to its log
 * first. Nothing was written. Read the ref again, recompute, and retry (or let
 * {@code RefStore.update(name, function, ...)} do so).
 */
public class RefConflictException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String ref;
  private final String expected;
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param ref the ref name
   * @param expected the value the update expected, or {@code null} for "absent"
   * @param actual the value found, or {@code null} for "absent"
   * @param message what happened and what to do
   */
  public RefConflictException(String ref, String expected, String actual, String message) {
    super(message);
    this.ref = ref;
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns the ref name.
   *
   * @return the name
   */
  public String ref() {
    return ref;
  }

  /**
   * Returns the value the update expected.
   *
   * @return the digest text, or {@code null} if the update expected the ref to be absent
   */
  public String expected() {
    return expected;
  }

  /**
   * Returns the value found.
   *
   * @return the digest text, or {@code null} if the ref was absent
   */
  public String actual() {
    return actual;
  }
}
