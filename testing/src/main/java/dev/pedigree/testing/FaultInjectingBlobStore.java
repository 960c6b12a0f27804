package dev.pedigree.testing;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobStore} that fails one chosen write of the store it wraps, to prove that code
 * above it survives any single failed write. Writes are {@code write}, {@code createIfAbsent}
 * and {@code delete}, counted from 1 since the last {@link #failWrite} or {@link #disarm()};
 * reads and listings pass through untouched.
 *
 * <pre>{@code
 * FaultInjectingBlobStore faulty = new FaultInjectingBlobStore(new MemoryBlobStore());
 * Repository repo = Repository.open(faulty);
 * faulty.failWrite(3, FaultInjectingBlobStore.Fault.WRITTEN_THEN_UNKNOWN);
 * assertThatThrownBy(() -> repo.artifacts().register(request)).isInstanceOf(PedigreeException.class);
 * assertThat(faulty.fired()).isTrue();
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the wrapped store.
 */
public final class FaultInjectingBlobStore implements BlobStore {
  /** How the chosen write fails. */
  public enum Fault {
    /** The write does not happen and a {@link StorageException} says so. */
    FAIL,
    /** The write happens, then an {@link OutcomeUnknownException} hides whether it did. */
    WRITTEN_THEN_UNKNOWN,
    /** The write does not happen, and an {@link OutcomeUnknownException} hides that too. */
    LOST_THEN_UNKNOWN
  }

  private final BlobStore delegate;
  private final AtomicLong writes = new AtomicLong();
  private volatile long target;
  private volatile Fault fault;
  private volatile boolean fired;

  /**
   * Wraps a store, with no fault armed.
   *
   * @param delegate the store that holds the data
   */
  public FaultInjectingBlobStore(BlobStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Arms a fault: the {@code k}-th write from now fails as given; the count restarts at 0.
   *
   * @param k the write to fail, from 1
   * @param how how it fails
   */
  public void failWrite(long k, Fault how) {
    if (k < 1) {
      throw new InvalidRequestException("Cannot fail write " + k + ": writes are counted from 1");
    }
    fault = Objects.requireNonNull(how, "how");
    fired = false;
    writes.set(0);
    target = k;
  }

  /** Disarms any fault and restarts the write count at 0. */
  public void disarm() {
    target = 0;
    fault = null;
    writes.set(0);
  }

  /**
   * Returns how many writes were made since the last {@link #failWrite} or {@link #disarm()}.
   *
   * @return the count, the failed write included
   */
  public long writes() {
    return writes.get();
  }

  /**
   * Returns whether the armed fault has happened.
   *
   * @return {@code true} once the chosen write has failed
   */
  public boolean fired() {
    return fired;
  }

  /**
   * Returns the wrapped store.
   *
   * @return the store
   */
  public BlobStore delegate() {
    return delegate;
  }

  @Override
  public URI location() {
    return delegate.location();
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    return delegate.stat(key);
  }

  @Override
  public InputStream read(BlobKey key) {
    return delegate.read(key);
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    Fault now = next();
    if (now == null || now == Fault.WRITTEN_THEN_UNKNOWN) {
      delegate.write(key, content);
    }
    raise(now, key, "write");
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    Fault now = next();
    CreateResult result = null;
    if (now == null || now == Fault.WRITTEN_THEN_UNKNOWN) {
      result = delegate.createIfAbsent(key, content);
    }
    raise(now, key, "create");
    return result;
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    return delegate.list(prefix, startAfter, maxKeys);
  }

  @Override
  public boolean delete(BlobKey key) {
    Fault now = next();
    boolean result = false;
    if (now == null || now == Fault.WRITTEN_THEN_UNKNOWN) {
      result = delegate.delete(key);
    }
    raise(now, key, "delete");
    return result;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingBlobStore[" + delegate + "]";
  }

  /** Counts a write and returns the fault to inject into it, or null. */
  private Fault next() {
    long n = writes.incrementAndGet();
    Fault armed = fault;
    if (armed != null && n == target) {
      fired = true;
      return armed;
    }
    return null;
  }

  private static void raise(Fault fault, BlobKey key, String what) {
    if (fault == null) {
      return;
    }
    if (fault == Fault.FAIL) {
      throw new StorageException("Injected fault: the " + what + " of '" + key + "' failed; nothing was written");
    }
    throw new OutcomeUnknownException(key.value(), "Injected fault: the outcome of the " + what + " of '" + key
        + "' is unknown; read it back to find out", null);
  }
}
