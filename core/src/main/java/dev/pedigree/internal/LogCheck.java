package dev.pedigree.internal;

import dev.pedigree.RepositoryVerification;

/**
 * A check of one kind of log, contributed to {@code Repository.verify} by the package that
 * owns the log's format. Internal: not API.
 */
@FunctionalInterface
public interface LogCheck {
  /** Where a check reports. */
  interface Findings {
    /**
     * Reports a problem.
     *
     * @param kind what sort
     * @param subject what it affects
     * @param description what is wrong
     * @param action what to do
     */
    void problem(RepositoryVerification.Kind kind, String subject, String description, String action);

    /**
     * Reports progress.
     *
     * @param phase the phase
     * @param done items done
     */
    void progress(String phase, long done);

    /**
     * Returns whether this is a full check.
     *
     * @return whether objects are re-hashed
     */
    boolean full();

    /**
     * Returns the audit events that name a detail, by the detail's value (for example every
     * event naming a lineage segment, by segment number).
     *
     * @param detail the detail's name
     * @return detail value to the details of the event that names it
     */
    java.util.Map<String, java.util.Map<String, String>> eventsNaming(String detail);

    /**
     * Returns whether some change is begun and not finished (so a log entry no event names
     * yet may be its own, not an insertion).
     *
     * @return whether requests are pending
     */
    boolean changesPending();
  }

  /**
   * Runs the check.
   *
   * @param findings where to report
   */
  void check(Findings findings);
}
