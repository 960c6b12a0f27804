package dev.pedigree.gates;

/**
 * What a check that compares with a baseline does when there is none yet, as on the first
 * promotion to an alias. Every such check is given one explicitly; there is no silent default.
 */
public enum BaselinePolicy {
  /** The check passes, saying that there was no baseline. */
  PASS,
  /** The check fails, saying that a baseline is required. */
  FAIL,
  /** The check is skipped: it neither passes nor blocks. */
  SKIP
}
