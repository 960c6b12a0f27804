package dev.pedigree.internal;

/**
 * The key prefixes under which a repository keeps each kind of thing in its store: the one list
 * of the store's layout, so that a new area cannot collide with an old one and readers,
 * verification and garbage collection agree on where things are. The README's "What a store
 * holds" describes the same layout for people. Internal: not API.
 */
public final class StoreLayout {
  /** Loose objects, {@code objects/ab/cdef…}: content under its SHA-256. */
  public static final String OBJECTS = "objects/";
  /** Packs and their indexes, {@code packs/<sha256>.pack} and {@code .idx}. */
  public static final String PACKS = "packs/";
  /** Ref logs, {@code refs/<ref name>/@log/…}. */
  public static final String REFS = "refs/";
  /** The audit log's numbered events. */
  public static final String AUDIT_EVENTS = "audit/events/";
  /** Requests under way: a change and its audit event, before both are written. */
  public static final String REQUESTS_PENDING = "requests/pending/";
  /** Requests whose change and event are both written, with their outcome. */
  public static final String REQUESTS_DONE = "requests/done/";
  /** The lineage edge log's chained segments. */
  public static final String LINEAGE_EDGES = "lineage/edges/";
  /** Checkpoints of the lineage graph, rebuilt from the edges when damaged. */
  public static final String LINEAGE_CHECKPOINTS = "lineage/checkpoints/";
  /** Per version, an empty marker per run that read it: {@code lineage/consumers/<artifact>/<n>/<run>}. */
  public static final String LINEAGE_CONSUMERS = "lineage/consumers/";
  /** Garbage collection runs under way. */
  public static final String GC_RUNS = "gc/runs/";
  /** The objects a collection run announced it may delete. */
  public static final String GC_CANDIDATES = "gc/candidates/";
  /** Per candidate object, the one verdict (delete or keep) a collector and a writer race for. */
  public static final String GC_VERDICTS = "gc/verdicts/";
  /** Collection runs that finished. */
  public static final String GC_FINISHED = "gc/finished/";
  /** What each collection run deleted. */
  public static final String GC_DELETED = "gc/deleted/";

  private StoreLayout() {
  }
}
