package dev.pedigree.exceptions;

/**
 * A path would land outside its target directory (a {@code ..} segment, an absolute path, or a
 * symbolic link that leads elsewhere), or a source directory holds something Pedigree will
 * not follow. Nothing was written outside the target.
 */
public class UnsafePathException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path the offending path
   * @param message what was wrong and what to do
   */
  public UnsafePathException(String path, String message) {
    super(message);
    this.path = path;
  }

  /**
   * Returns the offending path.
   *
   * @return the path as given
   */
  public String path() {
    return path;
  }
}
