package dev.pedigree.exceptions;

import java.util.Objects;

/**
 * A version was registered with a content layout (one file, or a directory) other than the one
 * the artifact's versions already have. An artifact's layout is fixed by its first version, like
 * its kind, so a reader that opens {@code churn-model@production} as a file never meets a
 * directory when the alias moves. Nothing changed.
 */
public class ContentLayoutException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final String artifact;
  private final String expected;
  private final String given;

  /**
   * Creates the exception.
   *
   * @param artifact the artifact's name
   * @param expected the layout its versions have ({@code FILE} or {@code DIRECTORY})
   * @param given the layout of the rejected content
   * @param message what was wrong and what to do
   */
  public ContentLayoutException(String artifact, String expected, String given, String message) {
    super(message);
    this.artifact = Objects.requireNonNull(artifact, "artifact");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.given = Objects.requireNonNull(given, "given");
  }

  /**
   * Returns the artifact's name.
   *
   * @return the name
   */
  public String artifact() {
    return artifact;
  }

  /**
   * Returns the layout the artifact's versions have.
   *
   * @return {@code FILE} or {@code DIRECTORY}
   */
  public String expected() {
    return expected;
  }

  /**
   * Returns the layout of the rejected content.
   *
   * @return {@code FILE} or {@code DIRECTORY}
   */
  public String given() {
    return given;
  }
}
