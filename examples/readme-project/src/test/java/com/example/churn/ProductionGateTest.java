package com.example.churn;

// snippet:imports
import static dev.pedigree.testing.PedigreeAssertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.testing.PedigreeExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
// end-snippet

// snippet:test
@ExtendWith(PedigreeExtension.class)
class ProductionGateTest {
  static Gate productionGate() {
    return ChurnGates.production();   // the gate your pipeline uses
  }

  private static ArtifactVersion model(Repository repo, double auc, double logLoss) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("weights " + auc).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).metric("log_loss", logLoss)
        .build());
  }

  @Test
  void aDropOfMoreThanOnePercentIsRejectedAndProductionStaysPut(Repository repo) {
    Promoter promoter = Promoter.of(repo);
    promoter.promote(model(repo, 0.85, 0.31).id(), "production", productionGate());

    Promotion promotion = promoter.promote(model(repo, 0.84, 0.31).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isRejected().hasBaseline(1)
        .hasFailedCheck("auc-not-worse").hasPassedCheck("auc-floor");     // 0.84 is 1.2% below 0.85, above 0.80
    assertThat(repo).alias("churn-model", "production").holdsVersion(1);
    assertThat(repo).hasAuditEvents(AuditEventType.GATE_VERDICT, 2).hasIntactAuditLog();
  }
}
// end-snippet
