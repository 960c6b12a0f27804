package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
  // Latencies in ms, seven each, no ties.
  private static final double[] CANARY = {12.1, 14.3, 13.8, 15.2, 16.0, 14.9, 13.1};
  private static final double[] BASELINE = {11.0, 12.4, 10.8, 13.3, 11.9, 12.2, 11.5};

  @Test
  void mannWhitneyAgreesWithExactPermutationEnumeration() {
    // Reference: exact one-sided p-value P(U >= u) by enumerating all C(14, 7) = 3432 splits of the
    // pooled values (Python 3 standard library, itertools and fractions): U(canary) = 45, p = 12/3432 = 1/286.
    MannWhitneyUTest.Result r = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
        .test(CANARY, BASELINE);
    assertThat(r.getStatistic()).isEqualTo(45);
    assertThat(r.getPValue()).isCloseTo(1.0 / 286, within(1e-12));
    CanaryReport report = CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("latency_ms").minSamples(5)).build()
        .judge(Map.of("latency_ms", BASELINE), Map.of("latency_ms", CANARY));
    MetricJudgement latency = report.metric("latency_ms").orElseThrow();
    assertThat(latency.pValue()).isCloseTo(1.0 / 286, within(1e-12));
    assertThat(latency.decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(report.decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(latency.reason()).isEqualTo("median 14.3 vs 11.9, +20.2%; one-sided Mann-Whitney (exact) p = 0.0034965 < 0.05,"
        + " significantly worse than the baseline");
  }

  @Test
  void aToleratedDegradationPromotesTheSameCanary() {
    CanaryReport report = CanaryJudge.builder()
        .metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.30).minSamples(5)).build()
        .judge(Map.of("latency_ms", BASELINE), Map.of("latency_ms", CANARY));
    assertThat(report.decision()).isEqualTo(CanaryDecision.PROMOTE);
    assertThat(report.metric("latency_ms").orElseThrow().reason()).contains("not significantly worse than the baseline"
        + " plus the tolerated 30%");
  }

  @Test
  void directionMatters() {
    // The same numbers as a success rate (lower is worse): the canary is better, so promote.
    CanaryReport report = CanaryJudge.builder().metric(CanaryMetric.lowerIsWorse("throughput").minSamples(5)).build()
        .judge(Map.of("throughput", BASELINE), Map.of("throughput", CANARY));
    assertThat(report.decision()).isEqualTo(CanaryDecision.PROMOTE);
    CanaryReport reversed = CanaryJudge.builder().metric(CanaryMetric.lowerIsWorse("throughput").minSamples(5)).build()
        .judge(Map.of("throughput", CANARY), Map.of("throughput", BASELINE));
    assertThat(reversed.decision()).isEqualTo(CanaryDecision.ROLLBACK);
  }

  @Test
  void tooFewSamplesIsInconclusiveAndOverallRulesCombine() {
    CanaryJudge judge = CanaryJudge.builder().significance(0.01)
        .metric(CanaryMetric.higherIsWorse("latency_ms").minSamples(5))
        .metric(CanaryMetric.higherIsWorse("error_rate").minSamples(20))
        .build();
    CanaryReport report = judge.judge(Map.of("latency_ms", BASELINE, "error_rate", new double[] {0.01, 0.02}),
        Map.of("latency_ms", BASELINE));
    assertThat(report.metric("latency_ms").orElseThrow().decision()).isEqualTo(CanaryDecision.PROMOTE);
    assertThat(report.metric("error_rate").orElseThrow().reason())
        .isEqualTo("needs at least 20 samples on each side, has 2 baseline and 0 canary");
    assertThat(report.decision()).isEqualTo(CanaryDecision.INCONCLUSIVE);
    CanaryReport rollback = judge.judge(Map.of("latency_ms", BASELINE), Map.of("latency_ms", CANARY));
    assertThat(rollback.decision()).isEqualTo(CanaryDecision.ROLLBACK);
  }

  @Test
  void tiesAreHandledAndIdenticalSamplesPromote() {
    CanaryJudge judge = CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("errors").minSamples(5)).build();
    double[] zeros = new double[20];
    CanaryReport same = judge.judge(Map.of("errors", zeros), Map.of("errors", zeros));
    assertThat(same.decision()).isEqualTo(CanaryDecision.PROMOTE);
    assertThat(same.metric("errors").orElseThrow().pValue()).isEqualTo(1.0);
    // Heavily tied error counts: the canary errs far more often.
    double[] base = new double[30];
    double[] canary = new double[30];
    for (int i = 0; i < 30; i++) {
      base[i] = i % 10 == 0 ? 1 : 0;
      canary[i] = i % 2 == 0 ? 1 : 0;
    }
    CanaryReport worse = judge.judge(Map.of("errors", base), Map.of("errors", canary));
    assertThat(worse.decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(worse.metric("errors").orElseThrow().pValue()).isBetween(0.0, 0.05);
  }

  @Test
  void nanSamplesAndBadSettingsAreRefused() {
    CanaryJudge judge = CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("latency_ms")).build();
    assertThatThrownBy(() -> judge.judge(Map.of("latency_ms", new double[] {1, Double.NaN}), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot judge canary metric 'latency_ms': baseline sample 1 is NaN; drop failed or missing"
            + " measurements before judging");
    assertThatThrownBy(() -> CanaryJudge.builder().build()).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> CanaryJudge.builder().significance(0.05).significance(0.01))
        .hasMessage("Cannot set the significance twice: it is already 0.05");
    assertThatThrownBy(() -> CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("a")).metric(CanaryMetric.lowerIsWorse("a")))
        .hasMessage("Cannot judge canary metric 'a' twice; add it once");
    assertThatThrownBy(() -> CanaryMetric.higherIsWorse("a").allowing(-0.1)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> CanaryMetric.higherIsWorse("a").minSamples(2)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aRollbackVerdictRollsTheAliasBackAndAnInconclusiveOneDoesNot() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      for (int i = 1; i <= 2; i++) {
        repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
            .bytes(("m" + i).getBytes(StandardCharsets.UTF_8)).build());
      }
      Promoter promoter = Promoter.of(repo);
      Gate open = Gate.named("open").require(dev.pedigree.gates.Check.that("always", ctx -> true, "nothing")).build();
      promoter.promote("churn-model:1", "production", open);
      promoter.promote("churn-model:2", "production", open);
      CanaryJudge judge = CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("latency_ms").minSamples(5)).build();

      CanaryReport inconclusive = judge.judge(Map.of("latency_ms", new double[] {1, 2}), Map.of("latency_ms", CANARY));
      assertThat(CanaryRollback.apply(promoter, "churn-model", "production", inconclusive)).isEmpty();
      assertThat(repo.artifacts().alias("churn-model", "production").orElseThrow().number()).isEqualTo(2);

      CanaryReport bad = judge.judge(Map.of("latency_ms", BASELINE), Map.of("latency_ms", CANARY));
      Optional<AliasChange> change = CanaryRollback.apply(promoter, "churn-model", "production", bad);
      assertThat(change).hasValueSatisfying(c -> assertThat(c.to()).hasValue(1));
      assertThat(repo.artifacts().alias("churn-model", "production").orElseThrow().number()).isEqualTo(1);
      assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_ROLLED_BACK)).toList())
          .singleElement().satisfies(e -> assertThat(e.detail("reason")).startsWith("automated rollback: Canary analysis"
              + " says ROLLBACK: latency_ms ROLLBACK"));
    }
  }

  @Test
  void asAGateCheckOnlyPromotePasses() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      var v1 = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {1}).build());
      var v2 = repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {2}).build());
      Random random = new Random(3);
      double[] base = random.doubles(40).map(v -> 100 + v * 10).toArray();
      double[] fine = random.doubles(40).map(v -> 100 + v * 10).toArray();
      CanaryJudge judge = CanaryJudge.builder().metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.05)).build();
      CanaryCheck good = CanaryCheck.of("canary", judge, ctx -> new CanarySamples(Map.of("latency_ms", base),
          Map.of("latency_ms", fine)));
      CheckResult passed = good.evaluate(CheckContext.of(v2).withBaseline(v1).withRepository(repo));
      assertThat(passed.status()).isEqualTo(CheckStatus.PASSED);
      assertThat(passed.evidence().observed()).containsEntry("decision", "PROMOTE").containsKey("latency_ms.p");
      CanaryCheck starved = CanaryCheck.of("canary", judge, ctx -> new CanarySamples(Map.of(), Map.of()));
      assertThat(starved.evaluate(CheckContext.of(v2).withBaseline(v1)).status()).isEqualTo(CheckStatus.FAILED);
      Promotion p = Promoter.of(repo).promote(v2.id(), "production", Gate.named("g").require(starved).build());
      assertThat(p.promoted()).isFalse();
    }
  }
}
