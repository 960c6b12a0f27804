package dev.pedigree.exceptions;

/** An alias cannot be rolled back: it never held another version. Nothing changed. */
public class RollbackUnavailableException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why and what to do
   */
  public RollbackUnavailableException(String message) {
    super(message);
  }
}
