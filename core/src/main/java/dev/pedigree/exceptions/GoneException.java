package dev.pedigree.exceptions;

import java.time.Instant;

/**
 * What a reference names was deleted (as an HTTP server answers 410 Gone): the version or run
 * existed, and its tombstone says when, by whom and why it was deleted. Nothing changed.
 */
public class GoneException extends ArtifactNotFoundException {
  private static final long serialVersionUID = 1L;
  private final Instant deletedAt;
  private final String deletedBy;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param reference what was asked for, such as {@code churn-model:3}
   * @param deletedAt when it was deleted
   * @param deletedBy who deleted it
   * @param reason why
   * @param message what failed and what to do
   */
  public GoneException(String reference, Instant deletedAt, String deletedBy, String reason, String message) {
    super(reference, message);
    this.deletedAt = deletedAt;
    this.deletedBy = deletedBy;
    this.reason = reason;
  }

  /**
   * Returns when it was deleted.
   *
   * @return the time
   */
  public Instant deletedAt() {
    return deletedAt;
  }

  /**
   * Returns who deleted it.
   *
   * @return the actor
   */
  public String deletedBy() {
    return deletedBy;
  }

  /**
   * Returns why it was deleted.
   *
   * @return the reason given
   */
  public String reason() {
    return reason;
  }
}
