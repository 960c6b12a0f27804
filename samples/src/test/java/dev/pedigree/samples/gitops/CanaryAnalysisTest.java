package dev.pedigree.samples.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
  private final TrafficSample baseline = TrafficSample.simulate(1, 2000, 40, 0.005);

  @Test
  void aCanaryLikeItsBaselineIsHealthy() {
    CanaryAnalysis.Verdict verdict = CanaryAnalysis.analyse(baseline, TrafficSample.simulate(2, 400, 40, 0.005));
    assertThat(verdict.healthy()).isTrue();
    assertThat(verdict.summary()).startsWith("healthy");
  }

  @Test
  void aSlowerCanaryIsDegradedBecauseOfLatency() {
    CanaryAnalysis.Verdict verdict = CanaryAnalysis.analyse(baseline, TrafficSample.simulate(3, 400, 55, 0.005));
    assertThat(verdict.healthy()).isFalse();
    assertThat(verdict.latencyPValue()).isLessThan(CanaryAnalysis.ALPHA);
    assertThat(verdict.findings().get(1)).endsWith("too slow");
    assertThat(verdict.findings().get(0)).endsWith("ok");
  }

  @Test
  void aCanaryThatFailsMoreIsDegradedBecauseOfErrors() {
    CanaryAnalysis.Verdict verdict = CanaryAnalysis.analyse(baseline, TrafficSample.simulate(4, 400, 40, 0.04));
    assertThat(verdict.healthy()).isFalse();
    assertThat(verdict.findings().get(0)).endsWith("too high");
  }

  @Test
  void aSmallSignificantButHarmlessSlowdownIsTolerated() {
    // Far more requests make a 3% slowdown significant; the median rule keeps it from failing the canary.
    TrafficSample big = TrafficSample.simulate(5, 20000, 40, 0.005);
    CanaryAnalysis.Verdict verdict = CanaryAnalysis.analyse(big, TrafficSample.simulate(6, 20000, 41.2, 0.005));
    assertThat(verdict.latencyPValue()).isLessThan(CanaryAnalysis.ALPHA);
    assertThat(verdict.healthy()).isTrue();
  }
}
