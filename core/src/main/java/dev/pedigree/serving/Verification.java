package dev.pedigree.serving;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Objects;

/**
 * A {@link VersionVerifier}'s answer: accept the version, or refuse it with a reason a person
 * can act on.
 *
 * @param accepted whether the version may be served
 * @param reason why it was refused, or {@code "accepted"}
 */
public record Verification(boolean accepted, String reason) {
  private static final Verification ACCEPT = new Verification(true, "accepted");

  /** Validates the fields. */
  public Verification {
    Objects.requireNonNull(reason, "reason");
    if (!accepted && reason.isBlank()) {
      throw new InvalidRequestException("Cannot refuse a version without a reason; say why, such as"
          + " \"no valid signature from a trusted key\"");
    }
  }

  /**
   * Accepts the version.
   *
   * @return the acceptance
   */
  public static Verification accept() {
    return ACCEPT;
  }

  /**
   * Refuses the version.
   *
   * @param reason why, such as {@code "signed by an unknown key"}
   * @return the refusal
   */
  public static Verification refuse(String reason) {
    return new Verification(false, reason);
  }
}
