package dev.pedigree.audit;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * A point of the audit log a reader keeps: the position and hash of the newest event when it
 * was taken ({@link AuditLog#checkpoint()}). Because each event's hash covers its
 * predecessor's, the hash stands for the whole history up to that position; verifying against
 * a kept checkpoint ({@code repo.verify(VerifyOptions.structural().against(checkpoint))})
 * detects any rollback (removal of the newest events) or rewrite before it. Its text form,
 * {@code <sequence>:<hash>}, is what to store.
 *
 * @param sequence the newest event's position (0 for an empty log)
 * @param hash its hash ({@code ""} for an empty log)
 */
public record AuditCheckpoint(long sequence, String hash) {
  /** The checkpoint of an empty log: verifying against it checks nothing more. */
  public static final AuditCheckpoint EMPTY = new AuditCheckpoint(0, "");

  /** Validates the fields. */
  public AuditCheckpoint {
    InvalidRequestException.requireNonNull(hash, "hash");
    if (sequence < 0 || (sequence == 0) != hash.isEmpty() || !hash.matches("[0-9a-f]{64}|")) {
      throw new InvalidRequestException("Cannot make an audit checkpoint of position " + sequence + " and hash '" + hash
          + "': give position 0 with no hash, or a position from 1 with a 64-digit lower-case hex hash");
    }
  }

  /**
   * Parses the text form {@code <sequence>:<hash>}.
   *
   * @param text the text
   * @return the checkpoint
   */
  public static AuditCheckpoint parse(String text) {
    InvalidRequestException.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 1 || !text.substring(0, colon).matches("[0-9]{1,18}")) {
      throw new InvalidRequestException("Cannot read audit checkpoint '" + text
          + "': it is not of the form <position>:<hash>; use the text of AuditCheckpoint.toString()");
    }
    return new AuditCheckpoint(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return sequence + ":" + hash;
  }
}
