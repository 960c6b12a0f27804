package dev.pedigree;

import dev.pedigree.audit.AuditVerification;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;

/**
 * The result of {@link Repository#verify()}: the audit chain's check, and every version
 * record and registration event that does not hold together.
 *
 * @param audit the audit chain's check
 * @param versionsChecked how many version log entries were checked
 * @param problems what is wrong with the versions and their events; empty when all is well
 */
public record RepositoryVerification(AuditVerification audit, long versionsChecked, List<Problem> problems) {
  /** Checks for null and copies the problems. */
  public RepositoryVerification {
    InvalidRequestException.requireNonNull(audit, "audit");
    problems = List.copyOf(problems);
  }

  /**
   * Returns whether nothing is wrong.
   *
   * @return {@code true} when the audit chain is intact and there are no version problems
   */
  public boolean intact() {
    return audit.intact() && problems.isEmpty();
  }

  /**
   * One thing wrong with a version or its registration event.
   *
   * @param subject the version ({@code name:number}) or the audit event position concerned
   * @param description what is wrong
   */
  public record Problem(String subject, String description) {
    /** Checks for nulls. */
    public Problem {
      InvalidRequestException.requireNonNull(subject, "subject");
      InvalidRequestException.requireNonNull(description, "description");
    }
  }
}
