package dev.pedigree.samples.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.checks.CanaryDecision;
import dev.pedigree.checks.CanaryReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated traffic, and what the sample's canary judge makes of it. */
class TrafficSampleTest {
  private final TrafficSample baseline = TrafficSample.simulate(1, 2000, 40, 0.005);

  @Test
  void theSamePseudoRandomTrafficComesFromTheSameSeed() {
    assertThat(TrafficSample.simulate(1, 2000, 40, 0.005).samples().get("latency_ms"))
        .containsExactly(baseline.samples().get("latency_ms"));
  }

  @Test
  void samplesHoldEveryLatencyAndOneErrorRatePerWindow() {
    Map<String, double[]> samples = TrafficSample.simulate(2, 400, 40, 0.2).samples();
    assertThat(samples.get("latency_ms")).hasSize(400);
    assertThat(samples.get("error_rate")).hasSize(400 / TrafficSample.WINDOW);
    double mean = java.util.Arrays.stream(samples.get("error_rate")).average().orElseThrow();
    assertThat(mean).isCloseTo(TrafficSample.simulate(2, 400, 40, 0.2).errorRate(), within(1e-12));
  }

  @Test
  void theJudgePromotesACanaryLikeItsBaseline() {
    CanaryReport report = CanaryRollout.JUDGE.judge(baseline.samples(), TrafficSample.simulate(2, 400, 40, 0.005)
        .samples());
    assertThat(report.decision()).isEqualTo(CanaryDecision.PROMOTE);
  }

  @Test
  void theJudgeRollsBackASlowerCanary() {
    CanaryReport report = CanaryRollout.JUDGE.judge(baseline.samples(), TrafficSample.simulate(3, 400, 56, 0.005)
        .samples());
    assertThat(report.decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(report.metric("latency_ms").orElseThrow().decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(report.metric("error_rate").orElseThrow().decision()).isEqualTo(CanaryDecision.PROMOTE);
  }

  @Test
  void theJudgeToleratesASlowdownWithinTenPercent() {
    CanaryReport report = CanaryRollout.JUDGE.judge(baseline.samples(), TrafficSample.simulate(4, 400, 42, 0.005)
        .samples());
    assertThat(report.metric("latency_ms").orElseThrow().decision()).isEqualTo(CanaryDecision.PROMOTE);
  }
}
