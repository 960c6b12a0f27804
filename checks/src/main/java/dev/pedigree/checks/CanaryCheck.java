package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.util.Objects;
import java.util.function.Function;

/**
 * A canary analysis as a gate check: PROMOTE passes; ROLLBACK and INCONCLUSIVE fail (too little
 * evidence is no evidence that the canary is safe; add the check with {@code advise} to make
 * that a warning instead).
 *
 * <pre>{@code
 * Check canary = CanaryCheck.of("canary", judge, ctx -> new CanarySamples(
 *     metrics.samples("churn-model", ctx.baseline().orElseThrow().number()),
 *     metrics.samples("churn-model", ctx.candidate().number())));
 * }</pre>
 */
public final class CanaryCheck implements Check {
  private final String name;
  private final CanaryJudge judge;
  private final Function<CheckContext, CanarySamples> samples;

  private CanaryCheck(String name, CanaryJudge judge, Function<CheckContext, CanarySamples> samples) {
    this.name = Check.requireValidName(name);
    this.judge = InvalidRequestException.requireNonNull(judge, "judge");
    this.samples = InvalidRequestException.requireNonNull(samples, "samples");
  }

  /**
   * Returns a canary check.
   *
   * @param name the check's name
   * @param judge how to judge
   * @param samples where the samples for a candidate come from
   * @return the check
   */
  public static CanaryCheck of(String name, CanaryJudge judge, Function<CheckContext, CanarySamples> samples) {
    return new CanaryCheck(name, judge, samples);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    CanarySamples observed = Objects.requireNonNull(samples.apply(context), "samples");
    CanaryReport report = judge.judge(observed.baseline(), observed.canary());
    Evidence.Builder evidence = Evidence.builder(report.summary()).observed("decision", report.decision().name());
    for (MetricJudgement m : report.metrics()) {
      evidence.observed(m.metric() + ".decision", m.decision().name());
      if (!Double.isNaN(m.pValue())) {
        evidence.observed(m.metric() + ".p", m.pValue());
        evidence.observed(m.metric() + ".u", m.u());
        evidence.observed(m.metric() + ".pTwoSided", m.twoSidedPValue());
      }
      evidence.observed(m.metric() + ".method", m.method().name());
      evidence.observed(m.metric() + ".canaryMedian", m.canaryMedian());
      evidence.observed(m.metric() + ".baselineMedian", m.baselineMedian());
    }
    evidence.threshold("p", ">= " + Evidence.format(report.significance()));
    context.baseline().ifPresent(b -> evidence.baseline(b.id()));
    return CheckResult.of(name, report.decision() == CanaryDecision.PROMOTE, evidence.build());
  }
}
