package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricCheckTest {
  private static final MetricCheck AUC_NOT_WORSE = MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter()
      .maxRelativeDrop(0.01).whenNoBaseline(BaselinePolicy.PASS).build();

  private static CheckResult run(Check check, ArtifactVersion candidate, ArtifactVersion baseline) {
    return check.evaluate(CheckContext.of(candidate).withBaseline(baseline).withAlias("production"));
  }

  @Test
  void absoluteFloorPassesAtAndAboveAndFailsBelow() {
    MetricCheck floor = MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build();
    assertThat(run(floor, Versions.auc(2, 0.80), null).status()).isEqualTo(CheckStatus.PASSED);
    assertThat(run(floor, Versions.auc(2, 0.91), null).status()).isEqualTo(CheckStatus.PASSED);
    CheckResult low = run(floor, Versions.auc(2, 0.79), null);
    assertThat(low.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(low.evidence().summary()).isEqualTo("auc is 0.79, below the minimum 0.8.");
    assertThat(low.evidence().observed()).containsEntry("auc", "0.79");
    assertThat(low.evidence().thresholds()).containsEntry("auc", ">= 0.8");
  }

  @Test
  void absoluteCeilingOverSeveralMetricsFailsIfAnyIsAbove() {
    MetricCheck ceiling = MetricCheck.named("losses").metrics("log_loss", "brier").atMost(0.4).build();
    ArtifactVersion ok = Versions.model(2, Map.of("log_loss", 0.4, "brier", 0.1));
    ArtifactVersion bad = Versions.model(3, Map.of("log_loss", 0.41, "brier", 0.1));
    assertThat(run(ceiling, ok, null).status()).isEqualTo(CheckStatus.PASSED);
    CheckResult failed = run(ceiling, bad, null);
    assertThat(failed.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(failed.evidence().summary()).isEqualTo("log_loss is 0.41, above the maximum 0.4. brier is 0.1, at most 0.4.");
  }

  @Test
  void relativeDropOfExactlyOnePercentFailsAndJustUnderPasses() {
    // (0.80 - 0.792) / 0.80 = 0.01 exactly in decimal; in binary it rounds to 0.01000000000000001.
    CheckResult atLimit = run(AUC_NOT_WORSE, Versions.auc(2, 0.792), Versions.auc(1, 0.80));
    assertThat(atLimit.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(atLimit.evidence().summary()).isEqualTo("auc is 0.792, 1.00% below the baseline churn-model:1 (0.8);"
        + " a degradation of 1.00% or more fails.");
    assertThat(atLimit.evidence().baseline()).hasValueSatisfying(b -> assertThat(b.number()).isEqualTo(1));
    // 0.90 -> 0.891 is also exactly 1% in decimal but 0.009999999999999953 in binary: still a failure.
    assertThat(run(AUC_NOT_WORSE, Versions.auc(2, 0.891), Versions.auc(1, 0.90)).status()).isEqualTo(CheckStatus.FAILED);
    CheckResult under = run(AUC_NOT_WORSE, Versions.auc(2, 0.7921), Versions.auc(1, 0.80));
    assertThat(under.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(under.evidence().observed()).containsEntry("auc.relativeDegradation", "0.009875");
    assertThat(run(AUC_NOT_WORSE, Versions.auc(2, 0.85), Versions.auc(1, 0.80)).evidence().summary())
        .startsWith("auc is 0.85, 6.25% above the baseline churn-model:1 (0.8), within the limit");
  }

  @Test
  void aTieWithTheBaselinePasses() {
    CheckResult tie = run(AUC_NOT_WORSE, Versions.auc(2, 0.8), Versions.auc(1, 0.8));
    assertThat(tie.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(tie.evidence().observed()).containsEntry("auc.relativeDegradation", "0");
  }

  @Test
  void relativeDropForLowerIsBetterMetricsCountsARise() {
    MetricCheck loss = MetricCheck.named("loss").metric("log_loss").lowerIsBetter().maxRelativeDrop(0.05)
        .whenNoBaseline(BaselinePolicy.FAIL).build();
    ArtifactVersion base = Versions.model(1, Map.of("log_loss", 0.40));
    assertThat(run(loss, Versions.model(2, Map.of("log_loss", 0.42)), base).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(run(loss, Versions.model(2, Map.of("log_loss", 0.419)), base).status()).isEqualTo(CheckStatus.PASSED);
    assertThat(run(loss, Versions.model(2, Map.of("log_loss", 0.10)), base).status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void absoluteDropFailsAtTheLimit() {
    MetricCheck drop = MetricCheck.named("auc-abs").metric("auc").higherIsBetter().maxAbsoluteDrop(0.02)
        .whenNoBaseline(BaselinePolicy.PASS).build();
    assertThat(run(drop, Versions.auc(2, 0.78), Versions.auc(1, 0.80)).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(run(drop, Versions.auc(2, 0.7801), Versions.auc(1, 0.80)).status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void missingMetricFailsWithAReasonNamingWhatExists() {
    CheckResult missing = run(AUC_NOT_WORSE, Versions.model(2, Map.of("f1", 0.7)), Versions.auc(1, 0.8));
    assertThat(missing.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(missing.evidence().summary()).isEqualTo("The candidate churn-model:2 has no metric 'auc' (it has f1);"
        + " record it when registering the version.");
    CheckResult baselineMissing = run(AUC_NOT_WORSE, Versions.auc(2, 0.8), Versions.model(1, Map.of()));
    assertThat(baselineMissing.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(baselineMissing.evidence().summary()).contains("The baseline churn-model:1 has no metric 'auc' (it has no metrics)");
  }

  @Test
  void nanFailsWhereverItIs() {
    assertThat(run(AUC_NOT_WORSE, Versions.auc(2, Double.NaN), Versions.auc(1, 0.8)).evidence().summary())
        .isEqualTo("auc of the candidate is NaN, which no threshold accepts.");
    assertThat(run(AUC_NOT_WORSE, Versions.auc(2, 0.8), Versions.auc(1, Double.NaN)).status()).isEqualTo(CheckStatus.FAILED);
    assertThat(run(MetricCheck.named("f").metric("auc").atLeast(0.1).build(), Versions.auc(2, Double.NaN), null).status())
        .isEqualTo(CheckStatus.FAILED);
  }

  @Test
  void zeroBaselineMakesARelativeDropUndefined() {
    CheckResult result = run(AUC_NOT_WORSE, Versions.auc(2, 0.5), Versions.auc(1, 0.0));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).contains("is 0, so a relative change is undefined; use maxAbsoluteDrop");
  }

  @Test
  void noBaselineFollowsThePolicy() {
    ArtifactVersion first = Versions.auc(1, 0.5);
    CheckResult passed = run(AUC_NOT_WORSE, first, null);
    assertThat(passed.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(passed.evidence().summary()).isEqualTo("There is no baseline to compare auc with (nothing holds alias"
        + " 'production' yet); passed by policy for a first promotion.");
    MetricCheck.Builder failing = MetricCheck.named("x").metric("auc").higherIsBetter().maxRelativeDrop(0.01);
    assertThat(run(failing.whenNoBaseline(BaselinePolicy.FAIL).build(), first, null).status()).isEqualTo(CheckStatus.FAILED);
    CheckResult skipped = run(MetricCheck.named("y").metric("auc").higherIsBetter().maxAbsoluteDrop(0.01)
        .whenNoBaseline(BaselinePolicy.SKIP).build(), first, null);
    assertThat(skipped.status()).isEqualTo(CheckStatus.SKIPPED);
    assertThat(skipped.blocking()).isFalse();
  }

  @Test
  void builderIsStrictWithExactMessages() {
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").atLeast(0.8).atMost(0.9))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot call atMost on check 'c': it already has a criterion (at_least 0.8); make a second check");
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").metric("auc"))
        .hasMessage("Cannot add metric 'auc' to check 'c' twice; name each metric once");
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").higherIsBetter().maxRelativeDrop(0.01).build())
        .hasMessage("Cannot build check 'c': a comparison with the baseline needs a policy for the first promotion;"
            + " call whenNoBaseline(BaselinePolicy.PASS, FAIL or SKIP)");
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").maxRelativeDrop(0.01)
        .whenNoBaseline(BaselinePolicy.PASS).build())
        .hasMessage("Cannot build check 'c': a comparison with the baseline needs a direction; call higherIsBetter()"
            + " or lowerIsBetter()");
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").higherIsBetter().atLeast(0.8).build())
        .hasMessageStartingWith("Cannot build check 'c': a direction applies only to comparisons with the baseline");
    assertThatThrownBy(() -> MetricCheck.named("c").atLeast(0.8).build())
        .hasMessage("Cannot build check 'c': no metric; call metric(\"auc\")");
    assertThatThrownBy(() -> MetricCheck.named("c").metric("auc").build())
        .hasMessageStartingWith("Cannot build check 'c': no criterion");
    assertThatThrownBy(() -> MetricCheck.named("c").maxRelativeDrop(-0.1))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("give a positive fraction");
    assertThatThrownBy(() -> MetricCheck.named("bad name"))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Cannot name a check 'bad name'");
  }
}
