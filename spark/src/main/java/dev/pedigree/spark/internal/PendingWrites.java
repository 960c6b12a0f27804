package dev.pedigree.spark.internal;

import dev.pedigree.objects.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes the driver has under way, keyed by the id in their output path: where their files
 * go, and the manifest their job committed.
 */
public final class PendingWrites {
  /** The last segment of every output path the writer gives Spark starts with this. */
  public static final String PREFIX = "pedigree-spark-write-";

  private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();

  private PendingWrites() {
  }

  /** One write under way. */
  public static final class Pending {
    private final String id;
    private final String storeLocation;
    private volatile Digest manifest;
    private volatile int files;

    Pending(String id, String storeLocation) {
      this.id = id;
      this.storeLocation = storeLocation;
    }

    /**
     * Returns the write's id.
     *
     * @return the id, the last segment of its output path after {@link #PREFIX}
     */
    public String id() {
      return id;
    }

    /**
     * Returns the location of the store the files go to.
     *
     * @return the repository's location URI
     */
    public String storeLocation() {
      return storeLocation;
    }

    /**
     * Returns the manifest the job committed.
     *
     * @return its digest, or empty until the job commits
     */
    public Optional<Digest> manifest() {
      return Optional.ofNullable(manifest);
    }

    /**
     * Returns how many files the job committed.
     *
     * @return the count
     */
    public int files() {
      return files;
    }

    void committed(Digest digest, int count) {
      this.files = count;
      this.manifest = digest;
    }
  }

  /**
   * Starts a write to a store.
   *
   * @param storeLocation the repository's location
   * @return the pending write; {@link #finish} it
   */
  public static Pending start(String storeLocation) {
    String id = UUID.randomUUID().toString();
    Pending pending = new Pending(id, storeLocation);
    PENDING.put(id, pending);
    return pending;
  }

  /**
   * Forgets a write.
   *
   * @param pending the write
   */
  public static void finish(Pending pending) {
    PENDING.remove(pending.id());
  }

  static Optional<Pending> forPath(String path) {
    if (path == null) {
      return Optional.empty();
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    if (!last.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(PENDING.get(last.substring(PREFIX.length())));
  }
}
