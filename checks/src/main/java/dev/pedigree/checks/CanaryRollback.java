package dev.pedigree.checks;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Promoter;
import java.util.Optional;

/**
 * Automated rollback: when a canary analysis says ROLLBACK, moves the alias back to its
 * previous holder through the promoter (audited as a rollback, with the analysis as the
 * reason, and heard by the promoter's listeners). PROMOTE and INCONCLUSIVE change nothing.
 *
 * <pre>{@code
 * CanaryReport report = judge.judge(baselineSamples, canarySamples);
 * CanaryRollback.apply(promoter, "churn-model", "production", report)
 *     .ifPresent(change -> log.warn("Rolled back to version {}", change.to().getAsInt()));
 * }</pre>
 */
public final class CanaryRollback {
  private CanaryRollback() {
  }

  /**
   * Rolls the alias back if the report says so.
   *
   * @param promoter the promoter
   * @param artifact the artifact
   * @param alias the alias the canary holds
   * @param report the analysis
   * @return the rollback, or empty when the report did not call for one
   * @throws dev.pedigree.exceptions.RollbackUnavailableException if a rollback is called for but
   *     the alias never held another version
   */
  public static Optional<AliasChange> apply(Promoter promoter, String artifact, String alias, CanaryReport report) {
    InvalidRequestException.requireNonNull(promoter, "promoter");
    InvalidRequestException.requireNonNull(report, "report");
    if (report.decision() != CanaryDecision.ROLLBACK) {
      return Optional.empty();
    }
    return Optional.of(promoter.rollback(artifact, alias, "automated rollback: " + report.summary()));
  }
}
