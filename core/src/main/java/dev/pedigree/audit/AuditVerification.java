package dev.pedigree.audit;

import java.util.List;

/**
 * The result of checking the audit chain.
 *
 * @param eventsChecked how many events were read
 * @param problems what is wrong, each at a position; empty when the chain is intact
 */
public record AuditVerification(long eventsChecked, List<Problem> problems) {
  /** Copies the problems. */
  public AuditVerification {
    problems = List.copyOf(problems);
  }

  /**
   * Returns whether the chain is intact.
   *
   * @return {@code true} when there are no problems
   */
  public boolean intact() {
    return problems.isEmpty();
  }

  /**
   * One thing wrong with the chain.
   *
   * @param sequence the position of the event (or gap) concerned
   * @param description what is wrong
   */
  public record Problem(long sequence, String description) {
  }
}
