package com.example.churn;

import static dev.pedigree.testing.PedigreeAssertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.testing.PedigreeExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The production gate's other two edges: the floor without a baseline, and a drop within 1%. */
@ExtendWith(PedigreeExtension.class)
class ProductionGateEdgesTest {
  private static Gate productionGate() {
    return ChurnGates.production();
  }

  private static ArtifactVersion model(Repository repo, double auc, double logLoss) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("weights " + auc).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).metric("log_loss", logLoss)
        .build());
  }

  @Test
  void aModelBelowTheFloorIsRejectedEvenWithoutABaseline(Repository repo) {
    Promotion promotion = Promoter.of(repo).promote(model(repo, 0.79, 0.31).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isRejected().hasNoBaseline()
        .hasFailedCheck("auc-floor").hasPassedCheck("auc-not-worse");
  }

  @Test
  void aSmallDropAboveTheFloorIsPromoted(Repository repo) {
    Promoter promoter = Promoter.of(repo);
    promoter.promote(model(repo, 0.85, 0.31).id(), "production", productionGate());

    Promotion promotion = promoter.promote(model(repo, 0.845, 0.31).id(), "production", productionGate());

    assertThat(promotion.verdict().orElseThrow()).isPassed();
    assertThat(repo).alias("churn-model", "production").holdsVersion(2);
  }
}
