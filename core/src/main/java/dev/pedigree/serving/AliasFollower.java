package dev.pedigree.serving;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.PathTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code name@alias} from inside a service and serves what it holds. On its own thread
 * it polls the alias; when the alias moved, it checks the new holder out into a cache folder
 * (every file verified against its digest), asks the {@link VersionVerifier}, lets the
 * {@link ModelLoader} turn the content into the service's object, and only then swaps it in with
 * one atomic write. Until that moment the version served before keeps serving, and it is kept
 * afterwards as the previous version, so a rollback to it is immediate.
 *
 * <pre>{@code
 * try (AliasFollower<ChurnModel> follower = AliasFollower.builder(repo, "churn-model@production",
 *         (version, file) -> ChurnModel.read(Files.newInputStream(file)))
 *     .pollInterval(Duration.ofSeconds(5))
 *     .verifier(trustPolicy)                       // optional: refuse what the service must not serve
 *     .listener(new FollowerListener<>() { ... })  // optional: switched, refused, storageFailed
 *     .start()) {
 *   follower.awaitModel(Duration.ofSeconds(30));   // on start-up, wait for a first version
 *   double p = follower.model().churnProbability(customer);   // on each request
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Cheap when nothing changed: a poll is one listing of one key (the alias's newest history
 *       entry, see {@link dev.pedigree.artifacts.ArtifactRegistry#aliasPosition}); records and
 *       content are read only when the alias moved.</li>
 *   <li>A version whose content is missing or corrupt, that the verifier refuses, or that the
 *       loader fails on, is refused: listeners hear why, the served version stays, and the
 *       follower tries again only when the alias moves again.</li>
 *   <li>A storage failure (the store unreachable) keeps the served version and retries with a
 *       doubling delay, from the poll interval up to {@link Builder#maxBackoff}.</li>
 *   <li>The follower never closes a loaded object: readers may still hold it. Release the
 *       previous one in {@link FollowerListener#switched} if it holds resources.</li>
 * </ul>
 *
 * @param <M> the type of the served object
 */
public final class AliasFollower<M> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AliasFollower.class);

  /** What one poll did. */
  public enum PollOutcome {
    /** The alias holds what is served (or what was refused); nothing was loaded. */
    UNCHANGED,
    /** A new version is now served. */
    SWITCHED,
    /** The alias moved to a version that was refused; the served version stays. */
    REFUSED,
    /** The alias does not exist (or was removed); the served version, if any, stays. */
    ALIAS_MISSING,
    /** The store could not be read; the served version stays and the poll will be retried. */
    STORAGE_FAILED
  }

  private final Repository repo;
  private final String artifact;
  private final String alias;
  private final String reference;
  private final ModelLoader<M> loader;
  private final VersionVerifier verifier;
  private final List<FollowerListener<M>> listeners;
  private final Duration pollInterval;
  private final Duration maxBackoff;
  private final Path cache;
  private final boolean ownsCache;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final CountDownLatch firstLoad = new CountDownLatch(1);
  private final AtomicLong attempts = new AtomicLong();
  private final Object pollLock = new Object();

  private volatile LoadedVersion<M> current;
  private volatile LoadedVersion<M> previous;
  private volatile boolean closed;
  // Guarded by pollLock.
  private OptionalLong seenPosition = OptionalLong.empty();
  private boolean seenMissing;
  private Duration backoff;
  private final Deque<Path> folders = new ArrayDeque<>();

  private AliasFollower(Builder<M> b, Path cache, boolean ownsCache) {
    this.repo = b.repo;
    this.artifact = b.ref.artifact();
    this.alias = b.ref.alias().orElseThrow();
    this.reference = b.ref.toString();
    this.loader = b.loader;
    this.verifier = b.verifier == null ? VersionVerifier.acceptAll() : b.verifier;
    this.listeners = List.copyOf(b.listeners);
    this.pollInterval = b.pollInterval == null ? Duration.ofSeconds(10) : b.pollInterval;
    this.maxBackoff = b.maxBackoff == null ? max(Duration.ofMinutes(5), this.pollInterval) : b.maxBackoff;
    this.cache = cache;
    this.ownsCache = ownsCache;
    this.clock = Clock.systemUTC();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pedigree-follower-" + reference);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts configuring a follower.
   *
   * @param repo the repository holding the artifact
   * @param reference an alias reference such as {@code churn-model@production}
   * @param loader turns a checked-out version into the served object
   * @param <M> the type of the served object
   * @return a builder
   * @throws InvalidRequestException if the reference does not name an alias
   */
  public static <M> Builder<M> builder(Repository repo, String reference, ModelLoader<M> loader) {
    return new Builder<>(repo, reference, loader);
  }

  /**
   * Returns the followed reference.
   *
   * @return such as {@code churn-model@production}
   */
  public String reference() {
    return reference;
  }

  /**
   * Returns what is served now: one volatile read, safe from any number of threads.
   *
   * @return the served version and object, or empty before a first version was loaded
   */
  public Optional<LoadedVersion<M>> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Returns the version served before the current one, kept ready for an immediate rollback.
   *
   * @return the previous version, or empty
   */
  public Optional<LoadedVersion<M>> previous() {
    return Optional.ofNullable(previous);
  }

  /**
   * Returns the served object.
   *
   * @return the object the current version's loader made
   * @throws InvalidRequestException if no version was loaded yet
   */
  public M model() {
    LoadedVersion<M> served = current;
    if (served == null) {
      throw new InvalidRequestException("Cannot serve " + reference + ": no version has been loaded yet (the alias"
          + " may not exist, or its holder was refused); wait with awaitModel(timeout), or move the alias to a version");
    }
    return served.model();
  }

  /**
   * Waits until a first version is served, or the time is up.
   *
   * @param timeout how long to wait at most
   * @return what is served, or empty if nothing is yet (or the waiting thread was interrupted,
   *     whose interrupt flag is then set again)
   */
  public Optional<LoadedVersion<M>> awaitModel(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      firstLoad.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return current();
  }

  /**
   * Polls once now, on the calling thread (the background polls go on as well; the two never
   * overlap). Useful after a promotion the caller made itself, and in tests.
   *
   * @return what the poll did
   */
  public PollOutcome pollNow() {
    synchronized (pollLock) {
      try {
        PollOutcome outcome = poll();
        backoff = null;
        return outcome;
      } catch (StorageException e) {
        storageFailed(e);
        return PollOutcome.STORAGE_FAILED;
      }
    }
  }

  /**
   * Returns how many polls ran so far (background and {@link #pollNow()}).
   *
   * @return the count
   */
  public long polls() {
    return attempts.get();
  }

  /**
   * Stops polling, waits for a poll in progress to finish, and deletes the cache folder if the
   * follower created it. What was served stays readable through {@link #current()}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("The follower of {} did not stop within 30 s; a loader may be stuck", reference);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsCache) {
      try {
        PathTrees.deleteRecursively(cache);
      } catch (IOException e) {
        LOG.warn("Cannot delete the follower's cache folder {}: {}", cache, e.getMessage());
      }
    }
  }

  private void start() {
    scheduler.execute(this::tick);
  }

  private void tick() {
    if (closed) {
      return;
    }
    Duration delay;
    synchronized (pollLock) {
      try {
        poll();
        backoff = null;
        delay = pollInterval;
      } catch (StorageException e) {
        delay = storageFailed(e);
      } catch (RuntimeException e) {
        // Not a storage failure, and not a version problem (those are refusals): a bug or a broken store.
        LOG.error("Polling {} failed unexpectedly; retrying after backoff", reference, e);
        delay = storageFailed(e);
      }
    }
    if (!closed) {
      try {
        scheduler.schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.debug("Follower of {} closed while rescheduling", reference);
      }
    }
  }

  private Duration storageFailed(RuntimeException e) {
    backoff = backoff == null ? min(pollInterval.multipliedBy(2), maxBackoff) : min(backoff.multipliedBy(2), maxBackoff);
    LOG.warn("Cannot read {} ({}); still serving {}, retrying in {}", reference, e.getMessage(),
        current == null ? "nothing" : current.version().id(), backoff);
    Duration retryIn = backoff;
    if (closed) {
      return backoff;
    }
    notifyListeners(l -> l.storageFailed(e, retryIn));
    return backoff;
  }

  private PollOutcome poll() {
    attempts.incrementAndGet();
    OptionalLong position = repo.artifacts().aliasPosition(artifact, alias);
    if (position.isPresent() && position.equals(seenPosition)) {
      return seenMissing ? PollOutcome.ALIAS_MISSING : PollOutcome.UNCHANGED;
    }
    Optional<ArtifactVersion> holder = position.isEmpty() ? Optional.empty() : repo.artifacts().alias(artifact, alias);
    if (holder.isEmpty()) {
      boolean first = !seenMissing || !position.equals(seenPosition);
      seenPosition = position;
      seenMissing = true;
      if (first) {
        notifyListeners(l -> l.aliasMissing(reference));
      }
      return PollOutcome.ALIAS_MISSING;
    }
    seenMissing = false;
    ArtifactVersion version = holder.get();
    LoadedVersion<M> served = current;
    if (served != null && served.version().recordDigest().equals(version.recordDigest())) {
      seenPosition = position;
      return PollOutcome.UNCHANGED;
    }
    LoadedVersion<M> kept = previous;
    if (kept != null && kept.version().recordDigest().equals(version.recordDigest())) {
      Verification again = verifier.verify(version, kept.content());
      seenPosition = position;
      if (!again.accepted()) {
        return refuse(version, again.reason());
      }
      swap(kept);
      return PollOutcome.SWITCHED;
    }
    PollOutcome outcome = load(version);
    seenPosition = position;
    return outcome;
  }

  private PollOutcome load(ArtifactVersion version) {
    Path folder = cache.resolve(artifact + "-v" + version.number() + "-" + attempts.get());
    Path content = version.layout() == ContentLayout.DIRECTORY ? folder : folder.resolve(version.artifact());
    boolean keep = false;
    deleteQuietly(folder);
    try {
      repo.artifacts().checkout(version, folder);
      Verification verification = verifier.verify(version, content);
      if (!verification.accepted()) {
        return refuse(version, "the verifier refused it: " + verification.reason());
      }
      M model;
      try {
        model = loader.load(version, content);
      } catch (Exception e) {
        return refuse(version, "the loader failed: " + e);
      }
      if (model == null) {
        return refuse(version, "the loader returned null");
      }
      keep = true;
      folders.addLast(folder);
      swap(new LoadedVersion<>(version, model, content, clock.instant()));
      return PollOutcome.SWITCHED;
    } catch (StorageException e) {
      if (e instanceof BlobNotFoundException) {
        return refuse(version, "its content is missing from the store: " + e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      // Integrity failures, missing objects, unsafe manifests: the version itself is bad.
      return refuse(version, "it did not check out intact and verified: " + e.getMessage());
    } finally {
      if (!keep) {
        deleteQuietly(folder);
      }
    }
  }

  private void swap(LoadedVersion<M> next) {
    LoadedVersion<M> before = current;
    if (before != null) {
      previous = before;
    }
    current = next;
    firstLoad.countDown();
    LOG.info("Now serving {} for {}", next.version().id(), reference);
    // Keep the folders of the current and previous versions; older ones are no longer served.
    List<Path> inUse = new ArrayList<>();
    inUse.add(folderOf(next));
    if (previous != null) {
      inUse.add(folderOf(previous));
    }
    folders.removeIf(f -> {
      if (inUse.contains(f)) {
        return false;
      }
      deleteQuietly(f);
      return true;
    });
    Optional<LoadedVersion<M>> was = Optional.ofNullable(before);
    notifyListeners(l -> l.switched(was, next));
  }

  private Path folderOf(LoadedVersion<M> loaded) {
    return loaded.version().layout() == ContentLayout.DIRECTORY ? loaded.content() : loaded.content().getParent();
  }

  private PollOutcome refuse(ArtifactVersion version, String reason) {
    LOG.warn("Refused {} for {}: {}; still serving {}", version.id(), reference, reason,
        current == null ? "nothing" : current.version().id());
    notifyListeners(l -> l.refused(version, reason));
    return PollOutcome.REFUSED;
  }

  private void notifyListeners(java.util.function.Consumer<FollowerListener<M>> event) {
    for (FollowerListener<M> listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("A follower listener of {} failed", reference, e);
      }
    }
  }

  private static void deleteQuietly(Path folder) {
    try {
      PathTrees.deleteRecursively(folder);
    } catch (IOException e) {
      LOG.warn("Cannot delete cache folder {}: {}", folder, e.getMessage());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Configures an {@link AliasFollower}. Strict: each setting once.
   *
   * @param <M> the type of the served object
   */
  public static final class Builder<M> {
    private final Repository repo;
    private final ArtifactRef ref;
    private final ModelLoader<M> loader;
    private final List<FollowerListener<M>> listeners = new ArrayList<>();
    private VersionVerifier verifier;
    private Duration pollInterval;
    private Duration maxBackoff;
    private Path cacheDirectory;

    private Builder(Repository repo, String reference, ModelLoader<M> loader) {
      this.repo = Objects.requireNonNull(repo, "repo");
      this.loader = Objects.requireNonNull(loader, "loader");
      this.ref = ArtifactRef.parse(Objects.requireNonNull(reference, "reference"));
      if (ref.alias().isEmpty()) {
        throw new InvalidRequestException("Cannot follow '" + reference + "': it names a fixed version, not an alias;"
            + " follow a reference such as '" + ref.artifact() + "@production'");
      }
    }

    /**
     * Sets how often the alias is polled (default 10 seconds).
     *
     * @param interval at least 1 millisecond
     * @return this builder
     */
    public Builder<M> pollInterval(Duration interval) {
      if (pollInterval != null) {
        throw new InvalidRequestException("Cannot set the poll interval twice: it is already " + pollInterval
            + "; set it once");
      }
      pollInterval = positive(interval, "poll interval");
      return this;
    }

    /**
     * Sets the longest wait between attempts while the store fails (default 5 minutes, or the
     * poll interval if that is longer).
     *
     * @param limit at least the poll interval
     * @return this builder
     */
    public Builder<M> maxBackoff(Duration limit) {
      if (maxBackoff != null) {
        throw new InvalidRequestException("Cannot set the maximum backoff twice: it is already " + maxBackoff
            + "; set it once");
      }
      maxBackoff = positive(limit, "maximum backoff");
      return this;
    }

    /**
     * Sets the folder versions are checked out into (default: a new temporary folder, deleted
     * on close). The follower creates one sub-folder per loaded version and deletes those no
     * longer current or previous.
     *
     * @param folder the folder
     * @return this builder
     */
    public Builder<M> cacheDirectory(Path folder) {
      if (cacheDirectory != null) {
        throw new InvalidRequestException("Cannot set the cache folder twice: it is already " + cacheDirectory
            + "; set it once");
      }
      cacheDirectory = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Sets what decides whether a version may be served (default: every version whose content
     * checks out intact).
     *
     * @param value the verifier; combine several with {@link VersionVerifier#and}
     * @return this builder
     */
    public Builder<M> verifier(VersionVerifier value) {
      if (verifier != null) {
        throw new InvalidRequestException("Cannot set the verifier twice; combine verifiers with"
            + " first.and(second) and set the result once");
      }
      verifier = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<M> listener(FollowerListener<M> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Starts the follower: its first poll runs at once on its own thread.
     *
     * @return the running follower; close it to stop
     * @throws InvalidRequestException if the maximum backoff is shorter than the poll interval
     * @throws StorageException if the cache folder cannot be created
     */
    public AliasFollower<M> start() {
      if (pollInterval != null && maxBackoff != null && maxBackoff.compareTo(pollInterval) < 0) {
        throw new InvalidRequestException("Cannot follow " + ref + ": the maximum backoff " + maxBackoff
            + " is shorter than the poll interval " + pollInterval + "; raise it or leave it at its default");
      }
      Path folder;
      boolean owns;
      try {
        if (cacheDirectory == null) {
          folder = Files.createTempDirectory("pedigree-follower-");
          owns = true;
        } else {
          folder = Files.createDirectories(cacheDirectory);
          owns = false;
        }
      } catch (IOException e) {
        throw new StorageException("Cannot create the follower's cache folder"
            + (cacheDirectory == null ? "" : " " + cacheDirectory) + ": " + e.getMessage()
            + "; choose a writable folder with cacheDirectory(..)", e);
      }
      AliasFollower<M> follower = new AliasFollower<>(this, folder, owns);
      follower.start();
      return follower;
    }

    private static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.toMillis() < 1) {
        throw new InvalidRequestException("Cannot use " + value + " as the " + what + ": give at least 1 millisecond");
      }
      return value;
    }
  }
}
