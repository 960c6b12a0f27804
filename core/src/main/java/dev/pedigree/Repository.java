package dev.pedigree;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.lineage.LineageGraph;
import dev.pedigree.lineage.Runs;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
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
  private final BlobStore store;
  private final boolean ownsStore;
  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditLog audit;
  private final ArtifactRegistry artifacts;
  private final Runs runs;
  private final LineageGraph lineage;
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
    Path statCacheFile = builder.statCache != null ? builder.statCache : Path.of(".pedigree", "stat-cache");
    this.artifacts = new ArtifactRegistry(objects, refs, audit, who, clock, statCacheFile);
    this.runs = new Runs(store, objects, refs, artifacts, audit, who, clock);
    this.lineage = new LineageGraph(runs);
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
   * Returns the audit log.
   *
   * @return the log
   */
  public AuditLog audit() {
    return audit;
  }

  /**
   * Returns the object store, for content-level work.
   *
   * @return the objects
   */
  public ObjectStore objects() {
    return objects;
  }

  /**
   * Returns the ref store.
   *
   * @return the refs
   */
  public RefStore refs() {
    return refs;
  }

  /**
   * Returns the storage backend.
   *
   * @return the store
   */
  public BlobStore store() {
    return store;
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
   * Checks that the repository's history holds together, reading all of it: the audit chain
   * ({@link AuditLog#verify()}); that every entry of every artifact's version log names a
   * version record that exists, is intact (its digest matches) and says it is that version;
   * and that the {@code VERSION_REGISTERED} audit events and the version logs agree one to
   * one. So an edited or deleted version record, a removed version log entry and a removed
   * registration event are each reported.
   *
   * @return what was checked and every problem found
   */
  public RepositoryVerification verify() {
    return RepositoryVerifier.verify(artifacts, audit, objects);
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
    return "Repository[" + store.location() + "]";
  }

  /** Configures a {@link Repository}; each setting may be given once. */
  public static final class Builder {
    private final BlobStore store;
    private final boolean ownsStore;
    private String actor;
    private Clock clock;
    private Path statCache;

    private Builder(BlobStore store, boolean ownsStore) {
      this.store = Objects.requireNonNull(store, "store");
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
        throw new IllegalStateException("The actor was already set to '" + actor + "'");
      }
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("The actor must not be blank");
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
        throw new IllegalStateException("The clock was already set");
      }
      clock = Objects.requireNonNull(value, "value");
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
        throw new IllegalStateException("The stat cache was already set to " + statCache);
      }
      statCache = Objects.requireNonNull(file, "file");
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
