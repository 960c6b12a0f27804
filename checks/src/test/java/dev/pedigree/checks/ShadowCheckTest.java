package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.serving.ShadowObservation;
import dev.pedigree.serving.ShadowRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowCheckTest {
  @Test
  void theRunnerServesProductionAndRecordsBothSidesWithoutServingTheCandidate() {
    List<Double> served = new ArrayList<>();
    try (ShadowRunner<Integer, Double> runner = ShadowRunner.of(x -> x / 100.0, x -> {
      if (x == 7) {
        throw new IllegalStateException("candidate bug on 7");
      }
      return x / 100.0 + 0.01;
    })) {
      for (int i = 0; i < 50; i++) {
        served.add(runner.serve(i));
      }
      assertThat(runner.awaitCandidates(Duration.ofSeconds(60))).isTrue();
      List<ShadowObservation<Double>> observations = runner.observations();
      for (int i = 0; i < 50; i++) {
        assertThat(served.get(i)).isEqualTo(i / 100.0);
      }
      assertThat(observations).hasSize(50);
      assertThat(observations.get(7).candidate()).isEmpty();
      assertThat(observations.get(7).candidateError()).hasValueSatisfying(e -> assertThat(e).contains("candidate bug on 7"));
      assertThat(observations.get(8).candidate()).hasValueSatisfying(c -> assertThat(c).isCloseTo(0.09, within(1e-12)));
      ShadowSamples samples = ShadowSamples.of(observations, p -> p >= 0.245 ? "churn" : "stay", p -> p);
      assertThat(samples.candidateErrors()).isEqualTo(1);
      assertThat(samples.productionScores()).hasSize(49);
      // One pair (0.24 -> 0.25, across 0.245) flips into churn: 48 of 49 agree.
      CheckResult result = ShadowCheck.named("shadow").minAgreement(0.9).positiveLabel("churn").maxFlipRate(0.05)
          .maxCandidateErrorRate(0.05).build().compare(samples);
      assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
      assertThat(result.evidence().number("agreement")).hasValue(48.0 / 49);
      assertThat(result.evidence().number("flipRate")).hasValue(1.0 / 49);
      assertThat(result.evidence().number("candidateErrorRate")).hasValue(1.0 / 50);
    }
  }

  @Test
  void agreementAndFlipsAreCountedByHand() {
    // Reference: hand count. 10 requests; the candidate changes 3 decisions: stay->churn, churn->stay and
    // stay->review. Agreement 7/10; with positive label "churn" two of the three changes are flips (2/10).
    List<String> production = List.of("stay", "churn", "stay", "stay", "churn", "stay", "stay", "churn", "stay", "stay");
    List<String> candidate = List.of("churn", "stay", "review", "stay", "churn", "stay", "stay", "churn", "stay", "stay");
    ShadowCheck check = ShadowCheck.named("decisions").minAgreement(0.8).positiveLabel("churn").maxFlipRate(0.25)
        .minSamples(10).build();
    CheckResult result = check.compare(ShadowSamples.labels(production, candidate));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().number("agreement")).hasValue(0.7);
    assertThat(result.evidence().number("flipRate")).hasValue(0.2);
    assertThat(result.evidence().summary()).isEqualTo("The candidate's shadow run fails: agreement 0.7 is below 0.8."
        + " Observed: decisions agree on 7 of 10 requests (70%), 2 flipped.");
  }

  @Test
  void scoreDifferencesAndThePairedTestMatchAnExactSignFlipEnumeration() {
    // Reference: the exact two-sided Wilcoxon signed-rank p-value by enumerating all 2^10 sign assignments
    // of the ranks of |d| (no ties, no zeros): p = 2 min(P(W+ <= w), P(W+ >= w)), as SciPy's wilcoxon
    // computes exactly for n <= 50. Mean and max |d| by hand: |d| = 0.01 .. 0.10, mean 0.055, max 0.10.
    double[] production = {0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90, 0.95};
    double[] differences = {0.01, -0.02, 0.03, 0.04, -0.05, 0.06, 0.07, 0.08, 0.09, 0.10};
    double[] candidate = new double[10];
    for (int i = 0; i < 10; i++) {
      candidate[i] = production[i] + differences[i];
    }
    // W+ = sum of ranks of positive differences = 55 - 2 - 5 = 48.
    int wPlus = 48;
    int atMost = 0;
    int atLeast = 0;
    for (int mask = 0; mask < 1 << 10; mask++) {
      int w = 0;
      for (int rank = 1; rank <= 10; rank++) {
        w += (mask & 1 << (rank - 1)) != 0 ? rank : 0;
      }
      atMost += w <= wPlus ? 1 : 0;
      atLeast += w >= wPlus ? 1 : 0;
    }
    double exact = Math.min(1, 2.0 * Math.min(atMost, atLeast) / 1024);
    CheckResult result = ShadowCheck.named("scores").maxMeanAbsDifference(0.05).maxAbsDifference(0.2)
        .minPairedPValue(0.01).minSamples(10).build().compare(ShadowSamples.scores(production, candidate));
    assertThat(result.evidence().number("pairedPValue").getAsDouble()).isCloseTo(exact, within(1e-12));
    assertThat(result.evidence().number("meanAbsDifference").getAsDouble()).isCloseTo(0.055, within(1e-12));
    assertThat(result.evidence().number("maxAbsDifference").getAsDouble()).isCloseTo(0.10, within(1e-12));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).contains("the mean absolute score difference 0.055 is above 0.05");
  }

  @Test
  void aSlowCandidateFailsTheLatencyRuleAndTooFewPairsFail() {
    double[] fast = new double[40];
    double[] slow = new double[40];
    for (int i = 0; i < 40; i++) {
      fast[i] = 10 + i % 5;
      slow[i] = 2 * (10 + i % 5);
    }
    ShadowSamples samples = ShadowSamples.scores(fast, fast).withLatenciesMillis(fast, slow);
    CheckResult result = ShadowCheck.named("latency").maxLatencyRatio(1.5).build().compare(samples);
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().number("latencyP95Ratio")).hasValue(2.0);
    CheckResult few = ShadowCheck.named("few").maxAbsDifference(1).build()
        .compare(ShadowSamples.scores(new double[] {1, 2}, new double[] {1, 2}));
    assertThat(few.evidence().summary()).startsWith("The candidate's shadow run fails: only 2 paired requests were"
        + " recorded, fewer than the 30 needed");
    assertThatThrownBy(() -> ShadowCheck.named("x").build()).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot build check 'x': it has no rule");
  }
}
