package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.UnsafeBackendException;

/**
 * Runs a backend's write probe once, before the backend's first write, and remembers the
 * outcome: a pass for the life of the store; a refusal ({@link UnsafeBackendException}) thrown
 * again on every later write. A probe that could not run (any other exception, such as a
 * {@link dev.pedigree.exceptions.StorageException} for an unreachable server) is not
 * remembered: the next write tries again. For backend implementations; thread-safe.
 *
 * <pre>{@code
 * private final WriteProbe probe = new WriteProbe(() -> new MyServerProbe(client).run());
 *
 * public void write(BlobKey key, BlobSource content) {
 *   probe.ensurePassed();
 *   ...
 * }
 * }</pre>
 */
public final class WriteProbe {
  private final Runnable probe;
  private final Object lock = new Object();
  private volatile boolean passed;
  private volatile UnsafeBackendException refusal;

  /**
   * Creates the gate around a probe.
   *
   * @param probe returns normally if the backend may be written, throws
   *     {@link UnsafeBackendException} if it must not be
   */
  public WriteProbe(Runnable probe) {
    this.probe = InvalidRequestException.requireNonNull(probe, "probe");
  }

  /**
   * Returns a gate that never probes: for a store built for a single writer.
   *
   * @return the gate, already passed
   */
  public static WriteProbe skipped() {
    WriteProbe skipped = new WriteProbe(() -> { });
    skipped.passed = true;
    return skipped;
  }

  /**
   * Returns normally once the probe has passed, running it first if it has not run yet.
   *
   * @throws UnsafeBackendException if the probe refused the backend, now or before
   */
  public void ensurePassed() {
    if (passed) {
      return;
    }
    synchronized (lock) {
      if (passed) {
        return;
      }
      if (refusal == null) {
        try {
          probe.run();
          passed = true;
          return;
        } catch (UnsafeBackendException e) {
          refusal = e;
        }
      }
      UnsafeBackendException again = new UnsafeBackendException(refusal.store(), refusal.getMessage());
      again.initCause(refusal);
      throw again;
    }
  }
}
