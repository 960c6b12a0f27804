package dev.pedigree.maintenance;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.Runs;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeping a store for years: retention policies and garbage collection. Obtain it from
 * {@code Repository.maintenance()}.
 *
 * <pre>{@code
 * repo.artifacts().delete(VersionId.parse("churn-model:3"), "trained on leaked labels");
 * RetentionPlan plan = repo.maintenance().planRetention(policy);      // dry run: what goes, why the rest stays
 * repo.maintenance().applyRetention(policy, "weekly clean-up");
 * GcSummary gc = repo.maintenance().gc(GcOptions.defaults());         // reclaims the space
 * }</pre>
 *
 * <h2>Garbage collection with concurrent writers and no lock</h2>
 * Deleting versions only writes tombstones; {@link #gc} reclaims the objects nothing refers to
 * any more, while other processes and machines keep writing to the same store. The danger is a
 * writer that reuses (deduplicates against) an object a collection is about to delete, and
 * commits a version that refers to a deleted object. With create-if-absent as the only
 * primitive and no way to refresh an object's time on S3 or GCS, the scheme is a two-phase
 * mark with verdicts that writers and the collector race for:
 * <ol>
 *   <li><b>Mark.</b> The collector reads every root (every ref log entry, the content of every
 *       version not deleted, alias holders, lineage checkpoints, gate verdict records) and lists
 *       every object. The unreached ones are the candidates.
 *   <li><b>Announce.</b> It stores the candidate list, then the run's announcement
 *       ({@code gc/runs/<run>}) with its deadline.
 *   <li><b>Wait one writer window</b>, then <b>mark again</b>: any candidate referenced
 *       meanwhile is kept.
 *   <li><b>Sweep.</b> For each candidate still unreached it creates the verdict
 *       {@code gc/verdicts/<run>/<object>} = {@code delete} if absent, and deletes the object
 *       only if its own verdict stands; then it notes the deletion. It stops at its deadline.
 * </ol>
 * Every ref update, just before it writes, looks at the announced runs (a listing at most a
 * quarter of the writer window old). For each candidate of a running collection that its new
 * value reaches, it creates the verdict {@code keep} if absent; if the collector's
 * {@code delete} stood first, it waits for the deletion and stores the content again. For a
 * finished run it checks the candidate still exists. If the check took more than half the
 * writer window it looks again. So a writer either saw the announcement (and the verdict, one
 * create-if-absent decided by the store, settles the race) or committed within one writer
 * window of not seeing it, before the second mark, which then sees its commit.
 *
 * <h2>Packs</h2>
 * Small objects live many to a pack, and a pack is rewritten whole, never edited. The collector
 * lists each pack's objects too; a pack whose unreached objects make up at least
 * {@link GcOptions#repackDeadFraction} of its bytes has those objects announced as candidates
 * with the loose ones (the others in it, and every object of the other packs, are not
 * candidates and stay). After the second mark the collector claims each one with a
 * {@code delete} verdict exactly as above, then rewrites the pack without the objects whose
 * verdict it won ({@link ObjectStore#repackMostlyDead}: the live ones are copied into a new pack
 * published before the old one is removed), and only then notes them deleted. A writer that
 * deduplicated against an object of that pack therefore either won {@code keep} (the object is
 * copied over) or waits for the note and finds the object gone, reading the pack list afresh
 * ({@link ObjectStore#missingNow}), and stores it again.
 *
 * <p>What it assumes: every repository writing to the store uses a writer window no longer than
 * the collector's ({@link GcOptions#writerWindow}); a process is not frozen between reading
 * the clock and its next request for longer than one writer window (the same kind of bound
 * git's grace period rests on, far shorter); a registration takes less than the records'
 * retention (a day by default). A collection killed at any point leaves every ref's objects in
 * place; the next run finishes the job, and the killed run's records expire. A writer that
 * finds a verdict {@code delete} from a killed run waits until that run's deadline.
 *
 * <p>It also discards staged and multipart uploads older than the grace period on backends
 * that keep them ({@link dev.pedigree.storage.SupportsAbandonedUploads}).
 */
public final class Maintenance {
  private final ArtifactRegistry artifacts;
  private final GarbageCollector collector;
  private final Retention retention;

  /**
   * Creates the maintenance of one repository and installs the writers' half of garbage
   * collection on its ref store.
   *
   * @param store the backend
   * @param objects the object store
   * @param refs the ref store
   * @param audit the audit log
   * @param artifacts the registry
   * @param runs the run recorder
   * @param actor who makes changes
   * @param clock the clock
   * @param writerWindow this repository's writer window
   */
  public Maintenance(BlobStore store, ObjectStore objects, RefStore refs, AuditLog audit, ArtifactRegistry artifacts,
      Runs runs, Supplier<String> actor, Clock clock, Duration writerWindow) {
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.collector = new GarbageCollector(store, objects, refs, audit, clock, actor);
    this.retention = new Retention(artifacts, runs, clock);
    refs.commitCheck(new CollectionGuard(store, objects, new Reachability(store, objects, refs, audit), clock,
        writerWindow));
  }

  /**
   * Collects garbage: deletes every object nothing refers to (the content of deleted versions,
   * objects left by writers that died) and discards abandoned uploads, safely while other
   * writers work. A dry run reports what would go and deletes nothing.
   *
   * @param options the options
   * @return what was found and reclaimed
   */
  public GcSummary gc(GcOptions options) {
    Objects.requireNonNull(options, "options");
    return collector.run(options);
  }

  /**
   * Evaluates a retention policy without changing anything: the dry run.
   *
   * @param policy the policy
   * @return every version looked at, kept with its reasons or to be deleted
   */
  public RetentionPlan planRetention(RetentionPolicy policy) {
    return retention.plan(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Evaluates a retention policy and deletes the versions it does not keep, each as
   * {@code artifacts().delete} does (tombstone, audit event). A version an alias moved to
   * meanwhile is refused and listed as such. Run {@link #gc} afterwards to reclaim the space.
   *
   * @param policy the policy
   * @param reason why, recorded on each tombstone
   * @return the plan, with what was deleted and refused
   */
  public RetentionPlan applyRetention(RetentionPolicy policy, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("Cannot apply a retention policy without a reason; say why, for the tombstones");
    }
    RetentionPlan plan = planRetention(policy);
    List<VersionId> deleted = new ArrayList<>();
    Map<VersionId, String> refused = new LinkedHashMap<>();
    for (VersionId id : plan.toDelete()) {
      try {
        artifacts.delete(id, "retention: " + reason);
        deleted.add(id);
      } catch (InvalidRequestException e) {
        refused.put(id, e.getMessage());
      }
    }
    return new RetentionPlan(plan.decisions(), true, deleted, refused);
  }
}
