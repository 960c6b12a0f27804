package dev.pedigree;

import dev.pedigree.audit.AuditVerification;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;

/**
 * The result of {@link Repository#verify()}: what was checked and every problem found, each
 * naming what it affects, what kind of problem it is and what to do.
 *
 * @param level the level of the check
 * @param audit the audit chain's own check
 * @param versionsChecked how many version log entries were checked
 * @param entriesChecked how many ref log entries (of every kind) were checked
 * @param objectsChecked how many objects were re-hashed (0 at the structural level)
 * @param problems what is wrong; empty when all is well
 */
public record RepositoryVerification(VerifyOptions.Level level, AuditVerification audit, long versionsChecked,
    long entriesChecked, long objectsChecked, List<Problem> problems) {
  /** Checks for null and copies the problems. */
  public RepositoryVerification {
    InvalidRequestException.requireNonNull(level, "level");
    InvalidRequestException.requireNonNull(audit, "audit");
    problems = List.copyOf(problems);
  }

  /**
   * Returns whether nothing is wrong (a stray file alone does not count).
   *
   * @return {@code true} when there is no problem other than stray files
   */
  public boolean intact() {
    return problems.stream().allMatch(p -> p.kind() == Kind.STRAY_FILE);
  }

  /**
   * Returns whether any problem is evidence of tampering or damage, as opposed to an
   * interrupted change (which {@link Repository#recover()} completes) or a stray file.
   *
   * @return {@code true} when some problem is not {@link Kind#INTERRUPTED} or {@link Kind#STRAY_FILE}
   */
  public boolean tampered() {
    return problems.stream().anyMatch(p -> p.kind() != Kind.INTERRUPTED && p.kind() != Kind.STRAY_FILE);
  }

  /**
   * Returns the problems of one kind.
   *
   * @param kind the kind
   * @return those problems
   */
  public List<Problem> problems(Kind kind) {
    return problems.stream().filter(p -> p.kind() == kind).toList();
  }

  /** What sort of problem. */
  public enum Kind {
    /** A stored file cannot be read, or does not match its checksum or digest: edited or damaged. */
    DAMAGED,
    /** History does not hold together: an entry or event was removed, inserted, replaced or reordered. */
    TAMPERED,
    /** An object that history names is not in the store. */
    MISSING_OBJECT,
    /** The audit log no longer reaches, or no longer matches, a checkpoint the reader kept. */
    ROLLED_BACK,
    /** A change was begun and not finished (a crash or failed write); recovery completes it. */
    INTERRUPTED,
    /** A file in a log's folder that is not an entry (an editor backup, an NFS file); harmless. */
    STRAY_FILE
  }

  /**
   * One thing wrong.
   *
   * @param kind what sort of problem
   * @param subject what it affects: a version ({@code name:number}), an alias
   *     ({@code name@alias}), an artifact, a run, {@code audit:<position>}, or a storage key
   * @param description what is wrong and where
   * @param action what to do about it
   */
  public record Problem(Kind kind, String subject, String description, String action) {
    /** Checks for nulls. */
    public Problem {
      InvalidRequestException.requireNonNull(kind, "kind");
      InvalidRequestException.requireNonNull(subject, "subject");
      InvalidRequestException.requireNonNull(description, "description");
      InvalidRequestException.requireNonNull(action, "action");
    }

    @Override
    public String toString() {
      return kind + " " + subject + ": " + description + "; " + action;
    }
  }
}
