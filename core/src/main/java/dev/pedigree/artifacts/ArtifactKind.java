package dev.pedigree.artifacts;

/** What an artifact holds. Fixed when its first version is registered. */
public enum ArtifactKind {
  /** Data: raw or prepared tables, files, folders. */
  DATASET,
  /** A trained model. */
  MODEL,
  /** Configuration: hyperparameters, settings. */
  CONFIG,
  /** Feature definitions. */
  FEATURES,
  /** A report: evaluation results, documentation. */
  REPORT,
  /** Anything else. */
  OTHER
}
