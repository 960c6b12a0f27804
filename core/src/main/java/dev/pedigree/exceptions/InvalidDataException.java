package dev.pedigree.exceptions;

/**
 * Data a check was asked to read is malformed: a CSV row with the wrong number of fields or an
 * unclosed quote, a document that is not JSON or YAML. Carries where: the source and, when
 * known, the line.
 */
public class InvalidDataException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;

  /**
   * Creates the exception.
   *
   * @param source what was read (a path, a version id)
   * @param line the 1-based line of the problem, or 0 when unknown
   * @param message what is wrong and what to fix
   * @param cause the parser's error, or {@code null}
   */
  public InvalidDataException(String source, long line, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
    this.line = line;
  }

  /**
   * Returns what was read.
   *
   * @return the source's description
   */
  public String source() {
    return source;
  }

  /**
   * Returns the line of the problem.
   *
   * @return the 1-based line, or 0 when unknown
   */
  public long line() {
    return line;
  }
}
