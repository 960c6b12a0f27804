package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A canary analysis: the overall decision and each metric's. Overall, any metric that says
 * roll back rolls back; otherwise any inconclusive metric makes the whole inconclusive;
 * otherwise promote.
 *
 * @param decision the overall decision
 * @param significance the significance level the tests used
 * @param metrics each metric's judgement, in the judge's order
 */
public record CanaryReport(CanaryDecision decision, double significance, List<MetricJudgement> metrics) {
  /** Validates and copies the fields. */
  public CanaryReport {
    InvalidRequestException.requireNonNull(decision, "decision");
    metrics = List.copyOf(metrics);
  }

  /**
   * Returns one metric's judgement.
   *
   * @param metric the metric's name
   * @return the judgement, or empty if the judge had no such metric
   */
  public Optional<MetricJudgement> metric(String metric) {
    return metrics.stream().filter(m -> m.metric().equals(metric)).findFirst();
  }

  /**
   * Returns a sentence with the decision and each metric's reason.
   *
   * @return the summary
   */
  public String summary() {
    return "Canary analysis says " + decision + ": " + metrics.stream().map(m -> m.metric() + " " + m.decision()
        + " (" + m.reason() + ")").collect(Collectors.joining("; ")) + ".";
  }
}
