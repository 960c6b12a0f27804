package dev.pedigree.gates;

/** How a check judged a candidate. */
public enum CheckStatus {
  /** The candidate meets the check. */
  PASSED,
  /** The candidate fails the check; a failed required check rejects the candidate. */
  FAILED,
  /** The candidate fails an advisory check: reported, but it does not block. */
  WARNED,
  /** The check did not apply (for example no baseline yet, under {@link BaselinePolicy#SKIP}). */
  SKIPPED
}
