package dev.pedigree.exceptions;

/**
 * A signature, a signed statement or the content it names did not verify: the content was
 * changed, the signature was damaged, or the signer is not trusted.
 */
public class SignatureVerificationException extends PedigreeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed to verify, why, and what to do
   */
  public SignatureVerificationException(String message) {
    super(message);
  }
}
