package com.example.churn;

// snippet:imports
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
// end-snippet

/** The production gate of the README's story, shared by the pipeline story and the gate's unit test. */
final class ChurnGates {
  private ChurnGates() {
  }

  static Gate production() {
    // snippet:production-gate
    Gate production = Gate.named("production")
        // The seed's rule: fail if the new model's AUC is 1% or more below production's.
        .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
            .whenNoBaseline(BaselinePolicy.PASS).build())
        .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build())
        .advise(MetricCheck.named("log-loss").metric("log_loss").atMost(0.40).build())
        .build();
    // end-snippet
    return production;
  }
}
