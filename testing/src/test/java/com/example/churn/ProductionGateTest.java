package com.example.churn;

import static dev.pedigree.testing.PedigreeAssertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.testing.PedigreeExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example: a team unit-testing its own production gate, from outside Pedigree's packages. */
@ExtendWith(PedigreeExtension.class)
class ProductionGateTest {
  /** The gate the team's pipeline promotes through. */
  static Gate productionGate() {
    return Gate.named("production")
        .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
            .whenNoBaseline(BaselinePolicy.PASS).build())
        .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.75).build())
        .advise(MetricCheck.named("log-loss").metric("log_loss").atMost(0.40).build())
        .build();
  }

  private static ArtifactVersion model(Repository repo, double auc, double logLoss) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("weights " + auc).getBytes(StandardCharsets.UTF_8))
        .metric("auc", auc).metric("log_loss", logLoss).build());
  }

  @Test
  void theFirstModelIsPromotedWithoutABaseline(Repository repo) {
    Promotion promotion = Promoter.of(repo).promote(model(repo, 0.80, 0.35).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isPassed().hasNoBaseline();
    assertThat(repo).alias("churn-model", "production").holdsVersion(1);
  }

  @Test
  void aOnePercentDropIsRejectedAndProductionStaysPut(Repository repo) {
    Promoter promoter = Promoter.of(repo);
    promoter.promote(model(repo, 0.80, 0.35).id(), "production", productionGate());

    Promotion promotion = promoter.promote(model(repo, 0.792, 0.35).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isRejected().hasBaseline(1)
        .hasFailedCheck("auc-not-worse").hasPassedCheck("auc-floor");
    assertThat(repo).alias("churn-model", "production").holdsVersion(1);
    assertThat(repo).hasAuditEvents(AuditEventType.GATE_VERDICT, 2).hasIntactAuditLog();
  }

  @Test
  void aHighLogLossOnlyWarns(Repository repo) {
    Promoter promoter = Promoter.of(repo);
    promoter.promote(model(repo, 0.80, 0.35).id(), "production", productionGate());

    Promotion promotion = promoter.promote(model(repo, 0.81, 0.55).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isPassed().hasWarning("log-loss")
        .check("log-loss").hasSummaryContaining("above the maximum 0.4");
    assertThat(repo).alias("churn-model", "production").holdsVersion(2);
  }
}
