package dev.pedigree.lineage;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Json;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only log of lineage edges: segment {@code n} is the key
 * {@code lineage/edges/<n, 19 digits>}, created only if absent, holding the edges of the runs
 * that finished (usually one run a segment; a bulk import writes many).
 *
 * <p>No listing is needed, ever: a writer claims the segment after the newest it knows of and
 * moves forward while the key exists; a reader that has read up to {@code n} checks whether
 * {@code n + 1} exists. Segments are created in order without gaps (a writer creates
 * {@code n + 1} only after seeing {@code n}), so the first missing number is the end of the
 * log, and a cold writer finds it with an exponential then binary probe in about
 * {@code 2 log2 n} existence checks. Internal.
 */
final class EdgeLog {
  static final String PREFIX = "lineage/edges/";

  private final BlobStore store;
  /** The highest segment number this process knows to exist. */
  private final AtomicLong knownHead = new AtomicLong(-1);

  EdgeLog(BlobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Appends a segment holding the given runs' edges.
   *
   * @return the segment's number
   */
  long append(List<EdgeRecord> runs) {
    EdgeSegment segment = new EdgeSegment(EdgeSegment.FORMAT, UUID.randomUUID().toString(), runs);
    byte[] bytes = Json.write(segment);
    long candidate = head() + 1;
    while (true) {
      BlobKey key = keyOf(candidate);
      CreateResult result;
      try {
        result = store.createIfAbsent(key, BlobSource.ofBytes(bytes));
      } catch (OutcomeUnknownException e) {
        if (store.exists(key) && Arrays.equals(readBytes(key), bytes)) {
          result = CreateResult.CREATED;
        } else {
          throw e;
        }
      }
      noteExists(candidate);
      if (result == CreateResult.CREATED) {
        return candidate;
      }
      candidate++;
    }
  }

  /**
   * Returns the number of the newest segment (0 when the log is empty), probing forward from
   * what this process last knew.
   */
  long head() {
    long known = knownHead.get();
    long head = known < 0 ? probeHead() : known;
    while (exists(head + 1)) {
      head++;
    }
    noteExists(head);
    return head;
  }

  /** Whether segment {@code n} exists ({@code n = 0} always does: it is the empty start). */
  boolean exists(long n) {
    return n <= 0 || store.exists(keyOf(n));
  }

  /** Reads segment {@code n}, or empty if it does not exist (yet). */
  Optional<EdgeSegment> read(long n) {
    BlobKey key = keyOf(n);
    byte[] bytes;
    try {
      if (!store.exists(key)) {
        return Optional.empty();
      }
      bytes = readBytes(key);
    } catch (dev.pedigree.exceptions.BlobNotFoundException e) {
      return Optional.empty();
    }
    noteExists(n);
    try {
      EdgeSegment segment = Json.read(bytes, EdgeSegment.class);
      if (!EdgeSegment.FORMAT.equals(segment.format())) {
        throw new IOException("its format is '" + segment.format() + "', not '" + EdgeSegment.FORMAT + "'");
      }
      return Optional.of(segment);
    } catch (IOException | RuntimeException e) {
      throw new CorruptRecordException(key.value(), "Cannot read lineage edge segment " + n + ": it is not a valid segment ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); restore it from a backup", e);
    }
  }

  private long probeHead() {
    return lastExisting(this::exists);
  }

  /**
   * Finds the last number of a gapless sequence 1, 2, ... n of existing entries: an
   * exponential probe, then a binary search, about {@code 2 log2 n} checks.
   *
   * @return n, or 0 when entry 1 does not exist
   */
  static long lastExisting(java.util.function.LongPredicate exists) {
    if (!exists.test(1)) {
      return 0;
    }
    long low = 1;
    long high = 2;
    while (exists.test(high)) {
      low = high;
      high = high * 2;
    }
    // low exists, high does not: find the last existing number between them.
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      if (exists.test(mid)) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private void noteExists(long n) {
    knownHead.accumulateAndGet(n, Math::max);
  }

  private byte[] readBytes(BlobKey key) {
    try (InputStream in = store.read(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("Cannot read lineage edge segment '" + key + "': " + e.getMessage()
          + "; check that the store is reachable", e);
    }
  }

  static BlobKey keyOf(long n) {
    return BlobKey.of(PREFIX + String.format("%019d", n));
  }
}
