package dev.pedigree;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.internal.Wiring;
import dev.pedigree.lineage.LineageGraph;
import dev.pedigree.lineage.Runs;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.Maintenance;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Pedigree repository: artifacts, runs, lineage and the audit log, kept in one storage
 * location. The entry point of the library.
 *
 * <pre>{@code
 * try (Repository repo = Repository.open("file:/var/lib/pedigree")) {
 *   ArtifactVersion v = repo.artifacts().register(
 *       NewVersion.of("churn-model", ArtifactKind.MODEL).file(Path.of("model.bin")).metric("auc", 0.91).build());
 *   repo.artifacts().moveAlias("churn-model", "production", v.number(), "first model");
 * }
 * }</pre>
 *
 * <p>Any number of repositories, in any number of processes and machines, may open one
 * location at once: every shared state changes only by create-if-absent.
 */
public final class Repository implements AutoCloseable {
  /** How old an unfinished change must be before opening a repository completes or abandons it. */
  public static final Duration DEFAULT_RECOVERY_LEASE = Duration.ofMinutes(15);

  static {
    RepositoryInternals.install(repo -> new RepositoryInternals.Parts(repo.store, repo.objects, repo.refs, repo.changes));
  }

  private final BlobStore store;
  private final boolean ownsStore;
  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditLog audit;
  private final AuditedChanges changes;
  private final ArtifactRegistry artifacts;
  private final Runs runs;
  private final LineageGraph lineage;
  private final Maintenance maintenance;
  private final String actor;

  private Repository(Builder builder) {
    this.store = builder.store;
    this.ownsStore = builder.ownsStore;
    this.actor = builder.actor != null ? builder.actor : System.getProperty("user.name", "unknown");
    Clock clock = builder.clock != null ? builder.clock : Clock.systemUTC();
    Supplier<String> who = () -> actor;
    this.objects = new ObjectStore(store);
    this.refs = new RefStore(store, clock);
    this.audit = new AuditLog(store, clock);
    this.changes = new AuditedChanges(store, refs, audit, clock);
    Path statCacheFile = builder.statCache != null ? builder.statCache : Path.of(".pedigree", "stat-cache");
    this.artifacts = Wiring.registry(objects, refs, changes, who, clock, statCacheFile);
    this.runs = Wiring.runs(store, objects, refs, artifacts, changes, who, clock);
    this.lineage = new LineageGraph(runs);
    // Before recovery, which may complete changes: every ref write passes the collection check.
    this.maintenance = new Maintenance(store, objects, refs, audit, artifacts, runs, who, clock,
        builder.writerWindow != null ? builder.writerWindow : GcOptions.DEFAULT_WRITER_WINDOW);
    Duration lease = builder.recoveryLease != null ? builder.recoveryLease : DEFAULT_RECOVERY_LEASE;
    changes.recover(lease);
  }

  /**
   * Opens the repository at a location: a URI such as {@code file:/data/repo},
   * {@code s3://bucket/prefix}, {@code gs://bucket/prefix} or {@code mem:name}, or a local path.
   *
   * @param location the location
   * @return the repository
   */
  public static Repository open(String location) {
    return builder(location).build();
  }

  /**
   * Opens the repository at a location URI.
   *
   * @param location the URI
   * @return the repository
   */
  public static Repository open(URI location) {
    return new Builder(BlobStores.open(location), true).build();
  }

  /**
   * Opens a repository on a store the caller made. Closing the repository does not close it.
   *
   * @param store the store
   * @return the repository
   */
  public static Repository open(BlobStore store) {
    return new Builder(store, false).build();
  }

  /**
   * Starts configuring a repository at a location.
   *
   * @param location a URI or local path
   * @return a builder
   */
  public static Builder builder(String location) {
    return new Builder(BlobStores.open(location), true);
  }

  /**
   * Starts configuring a repository on a store the caller made (and closes).
   *
   * @param store the store
   * @return a builder
   */
  public static Builder builder(BlobStore store) {
    return new Builder(store, false);
  }

  /**
   * Returns the artifact registry.
   *
   * @return the registry
   */
  public ArtifactRegistry artifacts() {
    return artifacts;
  }

  /**
   * Returns the run recorder.
   *
   * @return the runs
   */
  public Runs runs() {
    return runs;
  }

  /**
   * Returns the lineage graph: provenance, impact and paths between versions.
   *
   * @return the graph, shared by every caller of this repository
   */
  public LineageGraph lineage() {
    return lineage;
  }

  /**
   * Returns retention policies and garbage collection.
   *
   * @return the maintenance operations
   */
  public Maintenance maintenance() {
    return maintenance;
  }

  /**
   * Returns the audit log.
   *
   * @return the log
   */
  public AuditLog audit() {
    return audit;
  }

  /**
   * Returns where the repository is stored, as its backend names it (a {@code file:} URI,
   * {@code s3://bucket/prefix}, ...).
   *
   * @return the location
   */
  public URI location() {
    return store.location();
  }

  /**
   * Returns who this repository records as the actor of its changes.
   *
   * @return the actor
   */
  public String actor() {
    return actor;
  }

  /**
   * Checks that the repository's history holds together at the structural level
   * ({@link VerifyOptions#structural()}): every log (versions, aliases, tags, index, runs,
   * audit, lineage) parsed and its chain unbroken, every audit event linked to the ref entry
   * it records and every chained registry entry recorded by an event, every version record
   * read. A change interrupted by a crash is reported as {@link RepositoryVerification.Kind#INTERRUPTED},
   * never as tampering.
   *
   * @return what was checked and every problem found
   */
  public RepositoryVerification verify() {
    return verify(VerifyOptions.structural());
  }

  /**
   * Checks the repository at a chosen level, optionally against a kept audit checkpoint,
   * reporting progress to a listener: see {@link VerifyOptions}.
   *
   * @param options the level, checkpoint and listener
   * @return what was checked and every problem found, each naming what it affects and what to do
   */
  public RepositoryVerification verify(VerifyOptions options) {
    Objects.requireNonNull(options, "options");
    return RepositoryVerifier.verify(artifacts, runs, audit, objects, refs, changes, options);
  }

  /**
   * Completes or abandons every change that was begun and not finished, however recent (a
   * crash or a failed write interrupted it): a change whose ref entry was written gets its
   * audit event, marked {@code recovered=true}; a change whose entry was not written is
   * dropped, as if never begun. Opening a repository does this for changes older than the
   * recovery lease ({@link Builder#recoveryLease}); call this when no other process can be
   * making a change right now (a change in flight could otherwise be abandoned under it).
   *
   * @return the ids of the requests completed and abandoned
   */
  public RecoveryReport recover() {
    AuditedChanges.Recovery done = changes.recover(Duration.ZERO);
    return new RecoveryReport(done.completed(), done.abandoned(), done.unreadable());
  }

  /** Closes the backend if this repository opened it. */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "Repository[" + store.displayLocation() + "]";
  }

  /** Configures a {@link Repository}; each setting may be given once. */
  public static final class Builder {
    private final BlobStore store;
    private final boolean ownsStore;
    private String actor;
    private Clock clock;
    private Path statCache;
    private Duration writerWindow;
    private Duration recoveryLease;

    private Builder(BlobStore store, boolean ownsStore) {
      this.store = InvalidRequestException.requireNonNull(store, "store");
      this.ownsStore = ownsStore;
    }

    /**
     * Sets who is recorded as making changes (default: the {@code user.name} property).
     *
     * @param name a user, service or CI job
     * @return this builder
     */
    public Builder actor(String name) {
      if (actor != null) {
        throw new InvalidRequestException("The actor was already set to '" + actor + "'");
      }
      if (InvalidRequestException.requireNonNull(name, "name").isBlank()) {
        throw new InvalidRequestException("The actor must not be blank");
      }
      actor = name;
      return this;
    }

    /**
     * Sets the clock for recorded times (default: the system clock in UTC).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      if (clock != null) {
        throw new InvalidRequestException("The clock was already set");
      }
      clock = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets this repository's writer window (default 30 seconds): a change it writes lands
     * within this long of its last look at running garbage collections. Every collection on
     * the store must use a window at least as long ({@link GcOptions#writerWindow}); shorten
     * both together only when requests are fast and processes are not paused for long.
     *
     * @param value the window, positive
     * @return this builder
     */
    public Builder writerWindow(Duration value) {
      if (writerWindow != null) {
        throw new InvalidRequestException("Cannot set the writer window twice: it was already set to " + writerWindow
            + "; set it once");
      }
      if (value == null || value.isNegative() || value.isZero()) {
        throw new InvalidRequestException("Cannot set the writer window to " + value + ": give a positive duration");
      }
      writerWindow = value;
      return this;
    }

    /**
     * Sets how old an unfinished change must be before opening the repository completes or
     * abandons it (default {@link #DEFAULT_RECOVERY_LEASE}, 15 minutes). It must exceed the
     * longest time a live process takes between beginning a change and writing its ref entry.
     *
     * @param lease the lease, zero or more
     * @return this builder
     */
    public Builder recoveryLease(Duration lease) {
      if (recoveryLease != null) {
        throw new InvalidRequestException("Cannot set the recovery lease twice: it is already " + recoveryLease);
      }
      if (Objects.requireNonNull(lease, "lease").isNegative()) {
        throw new InvalidRequestException("Cannot use a negative recovery lease " + lease + "; give zero or more");
      }
      recoveryLease = lease;
      return this;
    }

    /**
     * Sets the local file that remembers the digests of registered folders' files by their
     * metadata (default: {@code .pedigree/stat-cache} in the working directory, the file
     * pipelines use too), so registering an unchanged folder again reads no file content.
     * Deleting the file only costs hashing again.
     *
     * @param file the cache file
     * @return this builder
     */
    public Builder statCache(Path file) {
      if (statCache != null) {
        throw new InvalidRequestException("Cannot set the stat cache twice: it is already " + statCache + "; set it once");
      }
      statCache = InvalidRequestException.requireNonNull(file, "file");
      return this;
    }

    /**
     * Builds the repository.
     *
     * @return the repository
     */
    public Repository build() {
      return new Repository(this);
    }
  }
}
