package dev.pedigree.audit;

/** What an audit event records. */
public enum AuditEventType {
  /** An artifact was created (entered in the index) by its first registration. */
  ARTIFACT_CREATED,
  /** A new version of an artifact was registered. */
  VERSION_REGISTERED,
  /** A version's tags were changed. */
  TAGS_CHANGED,
  /** An alias was moved to a version. */
  ALIAS_MOVED,
  /** An alias was moved back to an earlier holder. */
  ALIAS_ROLLED_BACK,
  /** An alias was removed. */
  ALIAS_REMOVED,
  /** A gate evaluated a candidate; the details say whether it passed. */
  GATE_VERDICT,
  /** A run of a job started. */
  RUN_STARTED,
  /** A run of a job finished (succeeded or failed). */
  RUN_FINISHED,
  /** A version was deleted: its record stays as a tombstone, its content became collectable. */
  VERSION_DELETED,
  /** A whole artifact was deleted: its aliases removed, every version deleted. */
  ARTIFACT_DELETED,
  /** A run was deleted: its record stays as a tombstone, its lineage edges as history. */
  RUN_DELETED,
  /** Garbage collection finished a run; the details say what it reclaimed. */
  GARBAGE_COLLECTED,
  /** A signed attestation (provenance or a model signature) was stored beside a version. */
  ATTESTATION_ADDED,
  /** A checkpoint of the audit log was signed and stored. */
  CHECKPOINT_SIGNED,
  /** An event recorded by the application itself. */
  CUSTOM
}
