package dev.pedigree.lineage;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.Deletion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.Retry;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.internal.Tombstones;
import dev.pedigree.internal.Wiring;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Records runs: start one, tell it what it reads and writes, finish it. Obtain it from
 * {@code Repository.runs()}.
 *
 * <pre>{@code
 * try (ActiveRun run = repo.runs().start("train")) {
 *   ArtifactVersion data = run.input("features@production");
 *   run.param("epochs", "20");
 *   run.logMetric("loss", 0, 0.7);
 *   run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).file(model).build());
 *   run.succeed();
 * }
 * }</pre>
 *
 * <p>Storage: a run's record is an object; ref {@code runs/<id>} names its newest state (one
 * entry when it starts, one when it ends). Each input also creates the key
 * {@code lineage/consumers/<artifact>/<number>/<run id>}, the reverse edge that answers
 * "what read this version" with one listing. When a run finishes, its edges are also appended
 * to the lineage edge log that {@link LineageGraph} indexes.
 */
public final class Runs {
  private static final String FINISHED_COMPLETION = "run-finished";
  private static final String IMPORT_COMPLETION = "lineage-import";
  /** The ref whose log holds every lineage import, each entry naming its batch. */
  static final RefName IMPORTS = RefName.of("lineage/imports");
  /** Audit event detail: the lineage segment holding a finished run's edges. */
  static final String SEGMENT_DETAIL = "segment";
  /** Audit event detail: that segment's hash. */
  static final String SEGMENT_HASH_DETAIL = "segmentHash";
  private static final byte[] EMPTY = new byte[0];

  private final BlobStore store;
  private final ObjectStore objects;
  private final RefStore refs;
  private final ArtifactRegistry artifacts;
  private final AuditedChanges changes;
  private final Supplier<String> actor;
  private final Clock clock;
  private final EdgeLog edgeLog;
  private final Tombstones tombstones;

  static {
    Wiring.install(Runs::new);
  }

  /**
   * Creates the run recorder of one repository. Internal: obtain it from
   * {@code Repository.runs()}; {@code Repository} builds it through {@link Wiring}.
   *
   * @param store the backend
   * @param objects the object store
   * @param refs the ref store
   * @param artifacts the registry
   * @param changes the one way refs change, each with its audit event
   * @param actor who runs
   * @param clock the clock
   */
  Runs(BlobStore store, ObjectStore objects, RefStore refs, ArtifactRegistry artifacts, AuditedChanges changes,
      Supplier<String> actor, Clock clock) {
    this.store = InvalidRequestException.requireNonNull(store, "store");
    this.objects = InvalidRequestException.requireNonNull(objects, "objects");
    this.refs = InvalidRequestException.requireNonNull(refs, "refs");
    this.artifacts = InvalidRequestException.requireNonNull(artifacts, "artifacts");
    this.actor = InvalidRequestException.requireNonNull(actor, "actor");
    this.clock = InvalidRequestException.requireNonNull(clock, "clock");
    this.changes = InvalidRequestException.requireNonNull(changes, "changes");
    this.edgeLog = new EdgeLog(store);
    changes.registerCompletion(FINISHED_COMPLETION, this::recordEdges);
    changes.registerCompletion(IMPORT_COMPLETION, this::importEdges);
    changes.registerCheck(new LineageCheck(edgeLog, store, objects));
    this.tombstones = new Tombstones(objects, refs, changes, clock);
  }

  /**
   * Starts a run of a job, detecting the code version from the git work tree of the current
   * directory.
   *
   * @param job the job's name
   * @return the active run
   */
  public ActiveRun start(String job) {
    return start(job, CodeVersion.detect(java.nio.file.Path.of("")));
  }

  /**
   * Starts a run of a job with a known code version.
   *
   * @param job the job's name
   * @param code the code version
   * @return the active run
   */
  public ActiveRun start(String job, CodeVersion code) {
    InvalidRequestException.requireNonNull(code, "code version");
    InvalidRequestException.requireNonNull(job, "job");
    if (job.isBlank()) {
      throw new InvalidRequestException("A run needs a job name");
    }
    String id = UUID.randomUUID().toString();
    ActiveRun run = new ActiveRun(this, id, job, code, Environment.capture(), clock.instant());
    save(run.snapshot());
    return run;
  }

  /**
   * Returns a run by id.
   *
   * @param id the run id
   * @return the run
   * @throws ArtifactNotFoundException if there is no such run
   */
  public Run run(String id) {
    return find(id).orElseThrow(() -> new ArtifactNotFoundException(id, "Cannot find run '" + id
        + "': no run with that id is recorded; check the id"));
  }

  /**
   * Finds a run by id.
   *
   * @param id the run id
   * @return the run, or empty
   * @throws dev.pedigree.exceptions.GoneException if the run was deleted
   */
  public Optional<Run> find(String id) {
    InvalidRequestException.requireNonNull(id, "run id");
    Optional<Run> run = refs.read(runRef(id)).map(this::readRun);
    if (run.isPresent()) {
      tombstones.requireNotDeleted(deletedRef(id), "run " + id, "read");
    }
    return run;
  }

  /**
   * Deletes a run: its record stays as a tombstone saying when, by whom and why, reading it
   * afterwards throws {@link dev.pedigree.exceptions.GoneException}, and lineage views keep its
   * edges as history, showing it with status {@link RunStatus#DELETED}. The versions it read
   * and wrote are not touched. Recorded in the audit log ({@code RUN_DELETED}); deleting it
   * again returns the first deletion.
   *
   * @param id the run id
   * @param reason why
   * @return the deletion that stands
   * @throws ArtifactNotFoundException if there is no such run
   */
  public Deletion delete(String id, String reason) {
    InvalidRequestException.requireNonNull(id, "run id");
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("Cannot delete run " + id + " without a reason; say why, for the tombstone"
          + " and the audit log");
    }
    Optional<Digest> record = refs.read(runRef(id));
    if (record.isEmpty()) {
      throw new ArtifactNotFoundException(id, "Cannot delete run '" + id + "': no run with that id is recorded; check the id");
    }
    Run run = readRun(record.get());
    java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("run", id);
    details.put("job", run.job());
    return tombstones.delete(deletedRef(id), "run:" + id, actor.get(), reason, AuditEventType.RUN_DELETED, details);
  }

  /**
   * Returns a run's deletion, if it was deleted.
   *
   * @param id the run id
   * @return the tombstone, or empty
   */
  public Optional<Deletion> deletion(String id) {
    InvalidRequestException.requireNonNull(id, "run id");
    return tombstones.find(deletedRef(id));
  }

  /**
   * Streams every recorded run that was not deleted, in id order.
   *
   * @return the runs
   */
  public Stream<Run> list() {
    return refs.list("runs/").filter(ref -> deletion(ref.value().substring("runs/".length())).isEmpty())
        .map(refs::read).flatMap(Optional::stream).map(this::readRun);
  }

  /**
   * Streams the ids of the runs that read a version.
   *
   * @param version the version
   * @return run ids, in order
   */
  public Stream<String> consumersOf(VersionId version) {
    InvalidRequestException.requireNonNull(version, "version id");
    String prefix = consumerPrefix(version);
    return store.listAll(prefix).map(info -> info.key().value().substring(prefix.length()));
  }

  /**
   * Records the lineage of runs that finished elsewhere (history backfilled from another
   * tracker, or a bulk load) as one segment of the lineage edge log, so that
   * {@code Repository.lineage()} answers for them. Only each run's id, job, status, inputs
   * and outputs are kept: the run records themselves are not stored, so {@link #find} does not
   * know these runs, and the versions they name are not checked. A run id already recorded is
   * ignored by the lineage graph. The import and its {@code CUSTOM} audit event
   * ({@code action=lineage-import}, saying how many runs came in and naming the segment) are one
   * fact: the batch is an entry of ref {@code lineage/imports}, and its segment and event are
   * completed by recovery if a crash or a failed write comes between them.
   *
   * @param finished the runs, each succeeded or failed
   * @throws InvalidRequestException if a run is still running, or the batch is empty
   */
  public void importLineage(java.util.List<Run> finished) {
    InvalidRequestException.requireNonNull(finished, "finished");
    if (finished.isEmpty()) {
      throw new InvalidRequestException("Cannot import the lineage of no runs; pass at least one finished run");
    }
    for (Run run : finished) {
      InvalidRequestException.requireNonNull(run, "run to import");
      if (run.status() == RunStatus.RUNNING) {
        throw new InvalidRequestException("Cannot import the lineage of run " + run.id() + " of '" + run.job()
            + "': it is still running; import it once it has succeeded or failed");
      }
    }
    Digest batch = objects.put(Json.write(new ImportBatch(ImportBatch.FORMAT,
        finished.stream().map(EdgeRecord::of).toList())));
    java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("action", "lineage-import");
    details.put("runs", Integer.toString(finished.size()));
    String who = actor.get();
    changes.apply(null, IMPORTS, Retry.DEFAULT_ATTEMPTS, IMPORT_COMPLETION, head -> new AuditedChanges.Planned(
        RefUpdate.of(IMPORTS).expect(head.flatMap(RefEntry::value)).to(batch).actor(who)
            .reason("import the lineage of " + finished.size() + " runs").build(), AuditEventType.CUSTOM, "lineage",
        details));
  }

  BlobStore store() {
    return store;
  }

  ObjectStore objects() {
    return objects;
  }

  EdgeLog edgeLog() {
    return edgeLog;
  }

  ArtifactRegistry artifacts() {
    return artifacts;
  }

  String actor() {
    return actor.get();
  }

  Clock clock() {
    return clock;
  }

  void recordInput(String runId, VersionId version) {
    store.createIfAbsent(BlobKey.of(consumerPrefix(version) + runId), BlobSource.ofBytes(EMPTY));
  }

  /**
   * Records a run's state as one fact with its audit event ({@code RUN_STARTED} or
   * {@code RUN_FINISHED}); a finished run's lineage edges are appended between the two, and
   * recovery appends them if a crash came first. The request id is derived from the run id
   * and the step, so saving the same step again after an ambiguous failure changes nothing.
   */
  void save(Run run) {
    boolean finished = run.status() != RunStatus.RUNNING;
    Digest digest = objects.put(Json.write(RunRecord.of(run)));
    RefName ref = runRef(run.id());
    java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("run", run.id());
    details.put("status", run.status().name());
    if (finished) {
      details.put("outputs", String.join(",", run.outputs().stream().map(VersionId::toString).toList()));
      run.error().ifPresent(e -> details.put("error", e));
    }
    String who = actor.get();
    changes.apply("run." + run.id() + (finished ? ".finish" : ".start"), ref, Retry.DEFAULT_ATTEMPTS,
        finished ? FINISHED_COMPLETION : null, head -> new AuditedChanges.Planned(RefUpdate.of(ref)
            .expect(head.flatMap(RefEntry::value)).to(digest).actor(who)
            .reason(run.status().name().toLowerCase(java.util.Locale.ROOT)).build(),
            finished ? AuditEventType.RUN_FINISHED : AuditEventType.RUN_STARTED, run.job(), details));
  }

  /**
   * Appends an imported batch's edges to the lineage log, and names the segment for the
   * import's audit event; the graph ignores runs recorded twice, should recovery append it again.
   */
  private java.util.Map<String, String> importEdges(RefEntry entry) {
    Optional<Digest> digest = entry.value();
    if (digest.isEmpty()) {
      return java.util.Map.of();
    }
    ImportBatch batch = Records.read(objects, digest.get(), ImportBatch.class, "lineage import batch", Records.RESTORE,
        read -> {
          if (!ImportBatch.FORMAT.equals(read.format()) || read.runs() == null) {
            throw new IOException("its format is '" + read.format() + "', not '" + ImportBatch.FORMAT + "'");
          }
          return read;
        });
    EdgeLog.Appended appended = edgeLog.append(batch.runs());
    return java.util.Map.of(SEGMENT_DETAIL, Long.toString(appended.number()), SEGMENT_HASH_DETAIL, appended.hash());
  }

  /** The stored form of an imported batch: the edges of the runs, as the segment will hold them. */
  record ImportBatch(String format, java.util.List<EdgeRecord> runs) {
    static final String FORMAT = "pedigree.lineage-import/1";
  }

  /**
   * Appends a finished run's edges to the lineage log, and names the segment for the run's
   * audit event; the graph ignores a run recorded twice.
   */
  private java.util.Map<String, String> recordEdges(RefEntry entry) {
    Optional<Run> run = entry.value().map(this::readRun).filter(r -> r.status() != RunStatus.RUNNING);
    if (run.isEmpty()) {
      return java.util.Map.of();
    }
    EdgeLog.Appended appended = edgeLog.append(java.util.List.of(EdgeRecord.of(run.get())));
    return java.util.Map.of(SEGMENT_DETAIL, Long.toString(appended.number()), SEGMENT_HASH_DETAIL, appended.hash());
  }

  private Run readRun(Digest digest) {
    return Records.read(objects, digest, RunRecord.class, "run record", Records.RESTORE, RunRecord::toRun);
  }

  private static String consumerPrefix(VersionId version) {
    return StoreLayout.LINEAGE_CONSUMERS + version.artifact() + "/" + version.number() + "/";
  }

  static RefName deletedRef(String id) {
    return RefName.of("deleted/runs/" + id);
  }

  static RefName runRef(String id) {
    return RefName.of("runs/" + id);
  }
}
