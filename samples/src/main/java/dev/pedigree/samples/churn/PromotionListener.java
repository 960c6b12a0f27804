package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.AliasChange;

/**
 * Told of what happens to candidates, for alerting. Interim: the sample's own listener until
 * the promoter of {@code dev.pedigree.gates} with its listeners lands on main.
 */
interface PromotionListener {
  /** A candidate passed the gate and the integration check and now holds production. */
  default void promoted(GateVerdict verdict, AliasChange change) {
  }

  /** A candidate was rejected; production did not move. */
  default void rejected(GateVerdict verdict) {
  }

  /** Production was rolled back. */
  default void rolledBack(AliasChange change) {
  }
}
