package dev.pedigree.pipeline;

/**
 * How a reproduction ended.
 */
public enum ReproductionStatus {
  /** The stage ran again from the recorded inputs, params and code and wrote the same bytes. */
  IDENTICAL,
  /** The stage ran again from the same recorded inputs, params and code but wrote other bytes. */
  DIFFERENT,
  /** The stage's code identity is no longer the recorded one: its output could not be expected to match. */
  CODE_CHANGED,
  /** Something the run needs is gone or changed outside Pedigree (a local input, a stage, the run record). */
  CANNOT_REPRODUCE
}
