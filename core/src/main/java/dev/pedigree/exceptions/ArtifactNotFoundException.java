package dev.pedigree.exceptions;

/** An artifact, version or alias that a reference names does not exist. Nothing changed. */
public class ArtifactNotFoundException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  private final String reference;

  /**
   * Creates the exception.
   *
   * @param reference the reference as written, such as {@code churn-model@production}
   * @param message what is missing and what to do
   */
  public ArtifactNotFoundException(String reference, String message) {
    super(message);
    this.reference = reference;
  }

  /**
   * Returns the reference that named nothing.
   *
   * @return the reference text
   */
  public String reference() {
    return reference;
  }
}
