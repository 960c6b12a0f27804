package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

  private final Gate gate = Gate.named("production")
      .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
          .whenNoBaseline(BaselinePolicy.PASS).build())
      .advise(MetricCheck.named("auc-stretch").metric("auc").atLeast(0.95).build())
      .require(Check.that("reviewed", ctx -> ctx.candidate().tags().containsKey("reviewed-by"),
          "the candidate carries a reviewed-by tag"))
      .build();

  @Test
  void advisoryFailureWarnsWithoutBlocking() {
    Gate lenient = Gate.named("g").require(MetricCheck.named("floor").metric("auc").atLeast(0.5).build())
        .advise(MetricCheck.named("stretch").metric("auc").atLeast(0.95).build()).build();
    Verdict verdict = lenient.evaluate(CheckContext.of(Versions.auc(2, 0.9)), CLOCK);
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.warnings()).extracting(CheckResult::check).containsExactly("stretch");
    assertThat(verdict.result("stretch").orElseThrow().status()).isEqualTo(CheckStatus.WARNED);
    assertThat(verdict.result("stretch").orElseThrow().required()).isFalse();
    assertThat(verdict.summary()).isEqualTo("Gate 'g' passed churn-model:2 (no baseline): 1 of 1 required checks passed"
        + " or were skipped; warnings: stretch.");
  }

  @Test
  void requiredFailureRejectsAndSaysWhy() {
    Verdict verdict = gate.evaluate(CheckContext.of(Versions.auc(2, 0.79)).withBaseline(Versions.auc(1, 0.80))
        .withAlias("production"), CLOCK);
    assertThat(verdict.rejected()).isTrue();
    assertThat(verdict.failures()).extracting(CheckResult::check).containsExactly("auc-not-worse", "reviewed");
    assertThat(verdict.time()).isEqualTo(CLOCK.instant());
    assertThat(verdict.baseline()).hasValueSatisfying(b -> assertThat(b.toString()).isEqualTo("churn-model:1"));
    assertThat(verdict.summary()).startsWith("Gate 'production' rejected churn-model:2 (baseline churn-model:1): 2 of 2"
        + " required checks failed: auc-not-worse (auc is 0.79, 1.25% below the baseline");
    assertThat(verdict.result("reviewed").orElseThrow().evidence().summary())
        .isEqualTo("Not met: the candidate carries a reviewed-by tag.");
  }

  @Test
  void aThrowingCheckIsRecordedAsAFailureWithItsMessage() {
    Gate throwing = Gate.named("g").require(Check.of("boom", ctx -> {
      throw new IllegalStateException("disk on fire");
    })).advise(Check.of("soft-boom", ctx -> {
      throw new IllegalStateException("smoke");
    })).build();
    Verdict verdict = throwing.evaluate(CheckContext.of(Versions.auc(1, 0.5)), CLOCK);
    assertThat(verdict.rejected()).isTrue();
    CheckResult boom = verdict.result("boom").orElseThrow();
    assertThat(boom.evidence().summary()).isEqualTo("The check could not be evaluated: disk on fire");
    assertThat(boom.evidence().observed()).containsEntry("error", "java.lang.IllegalStateException");
    assertThat(verdict.result("soft-boom").orElseThrow().status()).isEqualTo(CheckStatus.WARNED);
  }

  @Test
  void customLambdaResultsTakeTheCheckName() {
    Check custom = Check.of("size", ctx -> CheckResult.of("whatever", ctx.candidate().size() < 10,
        Evidence.builder("the model is " + ctx.candidate().size() + " bytes").observed("bytes", ctx.candidate().size()).build()));
    Verdict verdict = Gate.named("g").require(custom).build().evaluate(CheckContext.of(Versions.auc(1, 0.5)));
    assertThat(verdict.results()).singleElement().satisfies(r -> {
      assertThat(r.check()).isEqualTo("size");
      assertThat(r.status()).isEqualTo(CheckStatus.PASSED);
      assertThat(r.evidence().observed()).containsEntry("bytes", "7");
    });
  }

  @Test
  void builderIsStrict() {
    Check c = MetricCheck.named("auc").metric("auc").atLeast(0.5).build();
    assertThatThrownBy(() -> Gate.named("g").require(c).advise(c))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot add check 'auc' to gate 'g': the gate already has a check of that name; give each check its own name");
    assertThatThrownBy(() -> Gate.named("g").build())
        .hasMessage("Cannot build gate 'g': it has no checks; add one with require(check) or advise(check)");
    assertThatThrownBy(() -> Gate.named("g").description("a").description("b"))
        .hasMessage("Cannot describe gate 'g' twice: it is already described as 'a'; give one description");
    assertThatThrownBy(() -> Gate.named("../x")).isInstanceOf(InvalidRequestException.class);
    Gate built = Gate.named("g").require(c).build();
    assertThat(built.requires("auc")).isTrue();
    assertThat(built.checks()).containsExactly(c);
  }
}
