package dev.pedigree;

import dev.pedigree.audit.AuditCheckpoint;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Objects;

/**
 * How {@link Repository#verify(VerifyOptions)} checks a repository, like {@code git fsck}.
 *
 * <pre>{@code
 * RepositoryVerification result = repo.verify(VerifyOptions.full()
 *     .against(AuditCheckpoint.parse(keptText))
 *     .listener((phase, done) -> System.err.println(phase + ": " + done)));
 * }</pre>
 *
 * <p>Immutable: each method returns a new options value.
 *
 * @param level how deep to check
 * @param checkpoint a kept audit checkpoint to check against ({@link AuditCheckpoint#EMPTY} for none)
 * @param listener told of progress on long runs
 */
public record VerifyOptions(Level level, AuditCheckpoint checkpoint, VerifyListener listener) {
  /** Checks for nulls. */
  public VerifyOptions {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(listener, "listener");
  }

  /** How deep a check goes. */
  public enum Level {
    /**
     * Every log (versions, aliases, tags, index, runs, audit, lineage), every chain, every
     * entry and record parsed, every audit event linked to the ref entry it records, and the
     * version records they name. Reads the logs and small records, never content.
     */
    STRUCTURAL,
    /**
     * Everything {@link #STRUCTURAL} checks, and also every object in the store re-hashed
     * (streamed, in bounded memory), every object that history names proven present, and
     * every directory manifest's entries and sizes checked against the recorded size.
     */
    FULL
  }

  /**
   * Returns the structural level with no checkpoint and no listener ({@link Repository#verify()}).
   *
   * @return the options
   */
  public static VerifyOptions structural() {
    return new VerifyOptions(Level.STRUCTURAL, AuditCheckpoint.EMPTY, VerifyListener.NONE);
  }

  /**
   * Returns the full level with no checkpoint and no listener.
   *
   * @return the options
   */
  public static VerifyOptions full() {
    return new VerifyOptions(Level.FULL, AuditCheckpoint.EMPTY, VerifyListener.NONE);
  }

  /**
   * Also checks against an audit checkpoint kept from earlier ({@code repo.audit().checkpoint()}),
   * which detects removal of the newest events and any rewrite up to it.
   *
   * @param kept the checkpoint
   * @return new options
   */
  public VerifyOptions against(AuditCheckpoint kept) {
    Objects.requireNonNull(kept, "kept");
    if (!checkpoint.equals(AuditCheckpoint.EMPTY)) {
      throw new InvalidRequestException("Cannot set the checkpoint twice: it is already " + checkpoint);
    }
    return new VerifyOptions(level, kept, listener);
  }

  /**
   * Reports progress to a listener.
   *
   * @param value the listener
   * @return new options
   */
  public VerifyOptions listener(VerifyListener value) {
    Objects.requireNonNull(value, "value");
    if (listener != VerifyListener.NONE) {
      throw new InvalidRequestException("Cannot set the verify listener twice");
    }
    return new VerifyOptions(level, checkpoint, value);
  }
}
