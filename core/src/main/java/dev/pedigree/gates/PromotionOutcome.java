package dev.pedigree.gates;

/** How a promotion ended. */
public enum PromotionOutcome {
  /** The gate passed and the alias now holds the candidate. */
  PROMOTED,
  /** A required check failed; the alias was left untouched. */
  REJECTED,
  /** The alias already held the candidate; nothing was evaluated or moved. */
  ALREADY_CURRENT
}
