package dev.pedigree.internal;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The one numbered, append-only log of Pedigree: entry {@code n} (from 1) is one key under a
 * prefix, created only if absent, so concurrent writers on any number of machines never share
 * a number. Ref logs, the audit log, the lineage edge log and lineage checkpoints are all this
 * log; each adds its own record format on top.
 *
 * <p>Two namings: {@link Order#NEWEST_FIRST} names entry {@code n} by the 19 digits of
 * {@code Long.MAX_VALUE - n}, so one short listing finds the head; {@link Order#OLDEST_FIRST}
 * names it by {@code n} itself, and the head is found without listing by an exponential then
 * binary probe of existence ({@code 2 log2 n} checks), since entries are created without
 * gaps. A key under the prefix whose name is not 19 digits (an editor's {@code …~} backup, an
 * NFS {@code .nfs…} file) is not an entry: reads skip it and {@link #strays()} lists it.
 *
 * <p>A create whose outcome the backend cannot tell ({@link OutcomeUnknownException}) is
 * resolved by reading the key back: the entry is ours exactly when its bytes are the bytes we
 * wrote (every record carries a unique id or time, so no two writers write equal bytes).
 * Internal: not API.
 */
public final class NumberedLog {
  /** How entry numbers map to key names. */
  public enum Order {
    /** Newest entry first in key order: found with one listing. */
    NEWEST_FIRST,
    /** Oldest entry first in key order: the head is found by probing, never by listing. */
    OLDEST_FIRST
  }

  /**
   * One stored entry.
   *
   * @param number its number, from 1
   * @param key its key
   * @param bytes its stored bytes
   */
  public record Entry(long number, BlobKey key, byte[] bytes) {
  }

  private static final int DIGITS = 19;

  private final BlobStore store;
  private final String prefix;
  private final Order order;
  private final AtomicLong knownHead = new AtomicLong(-1);

  /**
   * Creates a view of the log under a key prefix.
   *
   * @param store the backend
   * @param prefix the key prefix, ending in {@code /}
   * @param order how numbers map to names
   */
  public NumberedLog(BlobStore store, String prefix, Order order) {
    this.store = Objects.requireNonNull(store, "store");
    this.prefix = BlobKey.requireValidPrefix(prefix);
    this.order = Objects.requireNonNull(order, "order");
  }

  /**
   * Returns the key prefix.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Returns the key of entry {@code n}.
   *
   * @param n the number, from 1
   * @return the key
   */
  public BlobKey keyOf(long n) {
    return BlobKey.of(prefix + nameOf(n, order));
  }

  /**
   * Returns the name of entry {@code n} in a log of the given order.
   *
   * @param n the number
   * @param order the order
   * @return 19 digits
   */
  public static String nameOf(long n, Order order) {
    return String.format("%019d", order == Order.NEWEST_FIRST ? Long.MAX_VALUE - n : n);
  }

  /**
   * Returns the number of the entry stored at a key, or empty when the key is not an entry of
   * this log (a stray file).
   *
   * @param key a key under the prefix
   * @return the number
   */
  public OptionalLong numberOf(BlobKey key) {
    String value = key.value();
    if (!value.startsWith(prefix) || value.length() != prefix.length() + DIGITS) {
      return OptionalLong.empty();
    }
    for (int i = prefix.length(); i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    long raw = Long.parseLong(value.substring(prefix.length()));
    long n = order == Order.NEWEST_FIRST ? Long.MAX_VALUE - raw : raw;
    return n >= 1 ? OptionalLong.of(n) : OptionalLong.empty();
  }

  /**
   * Returns the newest entry's number, 0 when the log is empty.
   *
   * @return the number
   */
  public long headNumber() {
    if (order == Order.OLDEST_FIRST) {
      long known = knownHead.get();
      long head = known < 0 ? lastExisting(this::exists) : known;
      while (exists(head + 1)) {
        head++;
      }
      note(head);
      return head;
    }
    BlobKey after = null;
    while (true) {
      BlobPage page = store.list(prefix, after, 1);
      for (BlobInfo info : page.entries()) {
        OptionalLong n = numberOf(info.key());
        if (n.isPresent()) {
          return n.getAsLong();
        }
      }
      if (!page.hasMore()) {
        return 0;
      }
      after = page.nextStartAfter().orElseThrow();
    }
  }

  /**
   * Returns the newest entry.
   *
   * @return the entry, or empty when the log is empty
   */
  public Optional<Entry> head() {
    long n = headNumber();
    return n == 0 ? Optional.empty() : read(n);
  }

  /**
   * Returns whether entry {@code n} exists ({@code n = 0}, the empty start, always does).
   *
   * @param n the number
   * @return whether it exists
   */
  public boolean exists(long n) {
    return n <= 0 || store.exists(keyOf(n));
  }

  /**
   * Reads entry {@code n}.
   *
   * @param n the number
   * @return the entry, or empty if there is none of that number
   */
  public Optional<Entry> read(long n) {
    BlobKey key = keyOf(n);
    try (InputStream in = store.read(key)) {
      byte[] bytes = in.readAllBytes();
      note(n);
      return Optional.of(new Entry(n, key, bytes));
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Cannot read log entry '" + key + "': " + e.getMessage()
          + "; check that the store is reachable", e);
    }
  }

  /**
   * Creates entry {@code n} if absent.
   *
   * @param n the number
   * @param bytes the entry's bytes, unique to this writer
   * @return {@code true} if this call created it, {@code false} if another writer holds it
   * @throws OutcomeUnknownException if the backend cannot tell and the key is still absent
   */
  public boolean create(long n, byte[] bytes) {
    BlobKey key = keyOf(n);
    CreateResult result;
    try {
      result = store.createIfAbsent(key, BlobSource.ofBytes(bytes));
    } catch (OutcomeUnknownException e) {
      Optional<Entry> found = read(n);
      if (found.isEmpty()) {
        throw e;
      }
      return Arrays.equals(found.get().bytes(), bytes);
    }
    note(n);
    return result == CreateResult.CREATED;
  }

  /**
   * Streams the entries, newest first, reading each lazily (a listing for a
   * {@link Order#NEWEST_FIRST} log; numbers from the head down otherwise, stopping at the
   * first missing one).
   *
   * @return the entries
   */
  public Stream<Entry> newestFirst() {
    if (order == Order.NEWEST_FIRST) {
      return store.listAll(prefix).filter(info -> numberOf(info.key()).isPresent())
          .map(info -> read(numberOf(info.key()).getAsLong()))
          .flatMap(Optional::stream);
    }
    long head = headNumber();
    return LongStream.iterate(head, n -> n >= 1, n -> n - 1).mapToObj(this::read).flatMap(Optional::stream);
  }

  /**
   * Streams the numbers of the entries present, newest first, without reading them (a
   * listing; for an {@link Order#OLDEST_FIRST} log, the numbers from the head down).
   *
   * @return entry numbers
   */
  public Stream<Long> numbersNewestFirst() {
    if (order == Order.NEWEST_FIRST) {
      return listNumbers();
    }
    return LongStream.iterate(headNumber(), n -> n >= 1, n -> n - 1).boxed();
  }

  /**
   * Streams the numbers of every entry present, by listing the prefix (so entries beyond a
   * gap are found too), in key order: newest first for {@link Order#NEWEST_FIRST}, oldest
   * first otherwise.
   *
   * @return entry numbers
   */
  public Stream<Long> listNumbers() {
    return store.listAll(prefix).map(info -> numberOf(info.key())).filter(OptionalLong::isPresent)
        .map(OptionalLong::getAsLong);
  }

  /**
   * Streams the keys under the prefix that are not entries (stray files).
   *
   * @return their keys
   */
  public Stream<BlobKey> strays() {
    return store.listAll(prefix).map(BlobInfo::key).filter(key -> numberOf(key).isEmpty());
  }

  /**
   * Finds the last number of a gapless sequence 1, 2, ... n of existing entries: an
   * exponential probe, then a binary search, about {@code 2 log2 n} checks.
   *
   * @param exists whether a number exists
   * @return n, or 0 when entry 1 does not exist
   */
  public static long lastExisting(LongPredicate exists) {
    if (!exists.test(1)) {
      return 0;
    }
    long low = 1;
    long high = 2;
    while (exists.test(high)) {
      low = high;
      high = high * 2;
    }
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

  private void note(long n) {
    knownHead.accumulateAndGet(n, Math::max);
  }
}
