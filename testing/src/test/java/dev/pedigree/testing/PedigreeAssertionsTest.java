package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.Run;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PedigreeExtension.class)
class PedigreeAssertionsTest {
  private static final Gate GATE = Gate.named("production")
      .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
          .whenNoBaseline(BaselinePolicy.PASS).build())
      .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.5).build())
      .advise(MetricCheck.named("auc-stretch").metric("auc").atLeast(0.95).build())
      .build();

  private static ArtifactVersion model(Repository repo, double auc) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("m" + auc).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).tag("team", "growth").build());
  }

  private static Verdict rejected(Repository repo) {
    ArtifactVersion v1 = model(repo, 0.80);
    ArtifactVersion v2 = model(repo, 0.79);
    return GATE.evaluate(CheckContext.of(v2).withBaseline(v1));
  }

  @Test
  void verdictAssertionsPassAndFailWithExpectingButWasMessages(Repository repo) {
    Verdict verdict = rejected(repo);
    PedigreeAssertions.assertThat(verdict).isRejected().hasFailedCheck("auc-not-worse").hasPassedCheck("auc-floor")
        .hasWarning("auc-stretch").hasBaseline(1);
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).isPassed())
        .isInstanceOf(AssertionError.class)
        .hasMessage("%nExpecting gate 'production' to pass churn-model:2%nbut it was rejected:%n  %s".formatted(verdict.summary()));
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).hasFailedCheck("auc-floor"))
        .hasMessage("%nExpecting check 'auc-floor' of gate 'production' to be FAILED%nbut was PASSED: auc is 0.79, at least 0.5."
            .formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).hasFailedCheck("auc-not-wrose"))
        .hasMessage(("%nExpecting gate 'production' to have a check named 'auc-not-wrose'%nbut its checks are"
            + " [auc-not-worse, auc-floor, auc-stretch]").formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).hasNoBaseline())
        .hasMessage("%nExpecting the verdict on churn-model:2 to have no baseline%nbut was compared with churn-model:1".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).hasNoFailedChecks())
        .hasMessageStartingWith("%nExpecting gate 'production' to have no failed checks on churn-model:2%nbut these failed:%n"
            .formatted() + "  auc-not-worse: FAILED");
    assertThatThrownBy(() -> PedigreeAssertions.assertThat((Verdict) null).isPassed())
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void checkResultAssertions(Repository repo) {
    Verdict verdict = rejected(repo);
    PedigreeAssertions.assertThat(verdict).check("auc-not-worse").isFailed()
        .hasSummaryContaining("below the baseline churn-model:1").hasObserved("auc", "0.79");
    PedigreeAssertions.assertThat(verdict.result("auc-stretch").orElseThrow()).isWarned().hasStatus(CheckStatus.WARNED);
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).check("auc-floor").hasSummaryContaining("below"))
        .hasMessage("%nExpecting the evidence of check 'auc-floor' to contain:%n  \"below\"%nbut was:%n  \"auc is 0.79, at least 0.5.\""
            .formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).check("auc-floor").hasObserved("loss", "1"))
        .hasMessage("%nExpecting check 'auc-floor' to have observed loss = 1%nbut was not observed (it observed [auc])".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(verdict).check("auc-floor").isSkipped())
        .hasMessage("%nExpecting check 'auc-floor' to be SKIPPED%nbut was PASSED: auc is 0.79, at least 0.5.".formatted());
  }

  @Test
  void versionAssertions(Repository repo) {
    ArtifactVersion v1 = model(repo, 0.8);
    PedigreeAssertions.assertThat(v1).hasNumber(1).hasKind(ArtifactKind.MODEL).hasMetric("auc", 0.8).hasTag("team", "growth");
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(v1).hasMetric("f1", 0.5))
        .hasMessage("%nExpecting churn-model:1 to have metric f1 = 0.5%nbut was missing (its metrics are [auc])".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(v1).hasMetric("auc", 0.9))
        .hasMessage("%nExpecting churn-model:1 to have metric auc = 0.9%nbut was 0.8".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(v1).hasNumber(2))
        .hasMessage("%nExpecting churn-model:1 to be version 2%nbut was version 1".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(v1).hasTag("team", "risk"))
        .hasMessage("%nExpecting churn-model:1 to have tag team=risk%nbut was team=growth".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(v1).wasProducedBy("run-1"))
        .hasMessage("%nExpecting churn-model:1 to have been produced by run run-1%nbut was registered outside any run".formatted());
  }

  @Test
  void aliasAndAuditAssertions(Repository repo) {
    Promoter promoter = Promoter.of(repo);
    Gate open = Gate.named("open").require(Check.that("ok", ctx -> true, "always")).build();
    promoter.promote(model(repo, 0.8).id(), "production", open);
    promoter.promote(model(repo, 0.81).id(), "production", open);
    promoter.rollback("churn-model", "production", "bad canary");
    PedigreeAssertions.assertThat(repo).alias("churn-model", "production").holdsVersion(1).hasHistory(1, 2, 1)
        .lastMovedBy(AliasChange.Kind.ROLLBACK);
    PedigreeAssertions.assertThat(repo).alias("churn-model", "staging").isAbsent();
    PedigreeAssertions.assertThat(repo).hasAuditEvents(AuditEventType.GATE_VERDICT, 2).hasIntactAuditLog();
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).alias("churn-model", "production").holdsVersion(2))
        .hasMessage("%nExpecting churn-model@production to hold version 2%nbut was holding version 1".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).alias("churn-model", "staging").holdsVersion(2))
        .hasMessage("%nExpecting churn-model@staging to hold version 2%nbut was absent (never moved or removed)".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).alias("churn-model", "production").hasHistory(1, 2))
        .hasMessage("%nExpecting churn-model@production to have held versions [1, 2]%nbut was [1, 2, 1]".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).alias("churn-model", "production")
        .lastMovedBy(AliasChange.Kind.PROMOTION))
        .hasMessage("%nExpecting the last move of churn-model@production to be a PROMOTION%nbut was a ROLLBACK (bad canary)"
            .formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).hasAuditEvents(AuditEventType.GATE_VERDICT, 3))
        .hasMessage("%nExpecting 3 GATE_VERDICT audit events%nbut was 2".formatted());
  }

  @Test
  void lineageAssertions(Repository repo) {
    ArtifactVersion features = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
        .bytes("x\n1\n".getBytes(StandardCharsets.UTF_8)).build());
    Run run;
    try (ActiveRun active = repo.runs().start("train")) {
      active.input("features:1");
      active.param("lr", "0.1");
      active.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(new byte[] {1}).metric("auc", 0.8).build());
      run = active.succeed();
    }
    PedigreeAssertions.assertThat(repo).lineageOf("churn-model:1").hasInput("features:1").hasOutput("churn-model:1")
        .hasParam("lr", "0.1").hasSucceeded();
    PedigreeAssertions.assertThat(repo.artifacts().resolve("churn-model:1")).wasProducedBy(run.id());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(run).hasInput("features:2"))
        .hasMessage("%nExpecting run %s (train) to have read features:2%nbut its inputs were [features:1]".formatted(run.id()));
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).lineageOf("features:1"))
        .hasMessage("%nExpecting features:1 to have been produced by a run%nbut was registered outside any run".formatted());
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(run).hasParam("lr", "0.2"))
        .hasMessage("%nExpecting run %s to have param lr=0.2%nbut was lr=0.1".formatted(run.id()));
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(run).hasStatus(dev.pedigree.lineage.RunStatus.FAILED))
        .hasMessage("%nExpecting run %s (train) to be FAILED%nbut was SUCCEEDED".formatted(run.id()));
    assertThatThrownBy(() -> PedigreeAssertions.assertThat(repo).lineageOf("nothing:1"))
        .hasMessageStartingWith("%nExpecting nothing:1 to exist%nbut was not found: ".formatted());
    features.id();
  }
}
