package dev.pedigree;

import java.util.List;

/**
 * What {@link Repository#recover()} did with the changes that were begun and not finished.
 *
 * @param completed request ids whose change had taken effect: their audit events were written
 *     (marked {@code recovered=true})
 * @param abandoned request ids whose change had not taken effect: dropped, as if never begun
 * @param unreadable request ids whose record could not be read: left in place and reported
 *     by {@code verify()}
 */
public record RecoveryReport(List<String> completed, List<String> abandoned, List<String> unreadable) {
  /** Copies the lists. */
  public RecoveryReport {
    completed = List.copyOf(completed);
    abandoned = List.copyOf(abandoned);
    unreadable = List.copyOf(unreadable);
  }
}
