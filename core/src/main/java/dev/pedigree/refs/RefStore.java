package dev.pedigree.refs;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Retry;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Named, mutable pointers to digests, each kept as an append-only log on a {@link BlobStore}.
 *
 * <p>Entry {@code n} of ref {@code r} is the key {@code refs/r/@log/<19 digits>}, the digits
 * being {@code Long.MAX_VALUE - n} so that the newest entry sorts first and one listing of
 * one key finds the head. An update reads head {@code n}, checks the expected value, and
 * creates entry {@code n + 1} only if absent; a writer that loses that race gets a
 * {@link RefConflictException} and nothing it wrote is visible. So the one primitive a backend
 * needs is create-if-absent, and the log is the ref's full history for free.
 *
 * <p>Thread-safe, and safe for many processes and machines sharing one store.
 */
public final class RefStore {
  private static final String ROOT = "refs/";
  private static final String LOG = "/@log/";

  private final BlobStore store;
  private final Clock clock;

  /**
   * Creates a ref store on a backend.
   *
   * @param store the backend
   */
  public RefStore(BlobStore store) {
    this(store, Clock.systemUTC());
  }

  /**
   * Creates a ref store on a backend with a given clock for entry times.
   *
   * @param store the backend
   * @param clock the clock
   */
  public RefStore(BlobStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the newest entry of a ref.
   *
   * @param name the ref
   * @return the head entry, or empty if the ref has no log
   */
  public Optional<RefEntry> head(RefName name) {
    BlobPage page = store.list(logPrefix(name), null, 1);
    if (page.entries().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(readEntry(name, page.entries().get(0).key()));
  }

  /**
   * Returns the sequence number of a ref's newest entry with one listing of one key and no read
   * of the entry itself: the cheapest way to learn whether a ref changed since it was last seen,
   * as entries are never rewritten and every change appends one.
   *
   * @param name the ref
   * @return the newest entry's number, or empty if the ref has no log
   */
  public OptionalLong headSequence(RefName name) {
    BlobPage page = store.list(logPrefix(name), null, 1);
    if (page.entries().isEmpty()) {
      return OptionalLong.empty();
    }
    BlobKey key = page.entries().get(0).key();
    try {
      return OptionalLong.of(Long.MAX_VALUE - Long.parseLong(key.name()));
    } catch (NumberFormatException e) {
      throw new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': its newest log key '" + key
          + "' is not a numbered entry; remove the stray key or restore the log from a backup", e);
    }
  }

  /**
   * Returns a ref's current value.
   *
   * @param name the ref
   * @return the digest it points at, or empty if it does not exist (or was deleted)
   */
  public Optional<Digest> read(RefName name) {
    return head(name).flatMap(RefEntry::value);
  }

  /**
   * Returns one entry of a ref's log.
   *
   * @param name the ref
   * @param sequence the entry number, from 1
   * @return the entry, or empty if there is none of that number
   */
  public Optional<RefEntry> entry(RefName name, long sequence) {
    BlobKey key = entryKey(name, sequence);
    if (!store.exists(key)) {
      return Optional.empty();
    }
    return Optional.of(readEntry(name, key));
  }

  /**
   * Applies a compare-and-swap update once.
   *
   * @param update the update
   * @return the entry written
   * @throws RefConflictException if the ref did not hold the expected value, or another
   *     writer appended first; nothing was written
   * @throws OutcomeUnknownException if the backend cannot tell whether the entry was written
   */
  public RefEntry update(RefUpdate update) {
    Optional<RefEntry> head = head(update.name());
    Optional<Digest> current = head.flatMap(RefEntry::value);
    if (!current.equals(update.expected())) {
      throw conflict(update.name(), update.expected(), current, "it changed since it was read");
    }
    long sequence = head.map(RefEntry::sequence).orElse(0L) + 1;
    RefEntry entry = new RefEntry(update.name(), sequence, current, update.newValue(), clock.instant(),
        update.actor(), update.reason(), update.attributes(), UUID.randomUUID().toString());
    BlobKey key = entryKey(update.name(), sequence);
    CreateResult result;
    try {
      result = store.createIfAbsent(key, BlobSource.ofBytes(Json.write(EntryRecord.of(entry))));
    } catch (OutcomeUnknownException e) {
      // Our entry may have landed: if the key holds our id, the update took effect.
      if (store.exists(key)) {
        RefEntry found = readEntry(update.name(), key);
        if (found.id().equals(entry.id())) {
          return found;
        }
        throw conflict(update.name(), update.expected(), found.value(), "another writer updated it first");
      }
      throw e;
    }
    if (result == CreateResult.ALREADY_EXISTS) {
      Optional<Digest> now = read(update.name());
      throw conflict(update.name(), update.expected(), now, "another writer updated it first");
    }
    return entry;
  }

  /**
   * Updates a ref by a function of its current value, retrying on conflict a bounded number
   * of times with backoff, calling the function again with the fresh value each time.
   *
   * @param name the ref
   * @param change computes the new value from the current one (empty = absent); returning
   *     the current value unchanged still appends an entry
   * @param actor who makes the change
   * @param reason why
   * @return the entry written
   * @throws RefConflictException if every attempt lost a race
   */
  public RefEntry update(RefName name, Function<Optional<Digest>, Optional<Digest>> change, String actor, String reason) {
    return Retry.onConflict(Retry.DEFAULT_ATTEMPTS, () -> {
      Optional<Digest> current = read(name);
      Optional<Digest> next = Objects.requireNonNull(change.apply(current), "the change function returned null");
      return update(RefUpdate.of(name).expect(current).to(next).actor(actor).reason(reason).build());
    });
  }

  /**
   * Streams a ref's log newest first, reading entries lazily page by page.
   *
   * @param name the ref
   * @return the entries, newest first
   */
  public Stream<RefEntry> history(RefName name) {
    return store.listAll(logPrefix(name)).map(info -> readEntry(name, info.key()));
  }

  /**
   * Streams the names of refs that start with a prefix, in the order of their storage keys
   * (so {@code a-b} comes before {@code a} and {@code a/b}, as {@code '-'} sorts before
   * {@code '/'}), finding each with one short listing rather than reading whole logs.
   *
   * @param prefix a name prefix such as {@code artifacts/m/aliases/} ({@code ""} for all)
   * @return ref names
   */
  public Stream<RefName> list(String prefix) {
    String keyPrefix = BlobKey.requireValidPrefix(ROOT + prefix);
    Iterator<RefName> names = new Iterator<>() {
      private BlobKey after;
      private RefName next = advance();

      private RefName advance() {
        while (true) {
          BlobPage page = store.list(keyPrefix, after, 1);
          if (page.entries().isEmpty()) {
            return null;
          }
          String key = page.entries().get(0).key().value();
          int log = key.indexOf(LOG, ROOT.length());
          if (log < 0) {
            after = page.entries().get(0).key();
            continue;
          }
          String name = key.substring(ROOT.length(), log);
          // '~' sorts after every digit, so this skips the rest of this ref's log.
          after = BlobKey.of(ROOT + name + LOG + "~");
          if (!name.startsWith(prefix)) {
            // The log of ref "a" lies under key prefix "refs/a/", yet "a" is not a name under "a/".
            continue;
          }
          return RefName.of(name);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public RefName next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        RefName result = next;
        next = advance();
        return result;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(names, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /**
   * Returns the storage key of a ref's log entry.
   *
   * @param name the ref
   * @param sequence the entry number
   * @return the key
   */
  public static BlobKey entryKey(RefName name, long sequence) {
    return BlobKey.of(ROOT + name.value() + LOG + String.format("%019d", Long.MAX_VALUE - sequence));
  }

  static String logPrefix(RefName name) {
    return ROOT + name.value() + LOG;
  }

  static String defaultActor() {
    return System.getProperty("user.name", "unknown");
  }

  private RefEntry readEntry(RefName name, BlobKey key) {
    byte[] bytes;
    try (InputStream in = store.read(key)) {
      bytes = in.readAllBytes();
    } catch (BlobNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new dev.pedigree.exceptions.StorageException("Cannot read ref entry '" + key + "': " + e.getMessage(), e);
    }
    EntryRecord record;
    try {
      record = Json.read(bytes, EntryRecord.class);
    } catch (IOException e) {
      throw new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': its log entry '" + key
          + "' is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "); restore it from a backup", e);
    }
    long expectedSequence = Long.MAX_VALUE - Long.parseLong(key.name());
    if (record.seq() != expectedSequence || !name.value().equals(record.ref())) {
      throw new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': log entry '" + key
          + "' says it is entry " + record.seq() + " of '" + record.ref() + "'; it was moved or edited, restore it from a backup", null);
    }
    try {
      return record.toEntry(name);
    } catch (RuntimeException e) {
      throw new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': log entry '" + key
          + "' is incomplete (" + e.getMessage() + "); restore it from a backup", e);
    }
  }

  private static RefConflictException conflict(RefName name, Optional<Digest> expected, Optional<Digest> actual, String why) {
    String exp = expected.map(Digest::toString).orElse(null);
    String act = actual.map(Digest::toString).orElse(null);
    return new RefConflictException(name.value(), exp, act, "Cannot update ref '" + name + "': " + why
        + " (expected " + (exp == null ? "absent" : exp) + ", found " + (act == null ? "absent" : act)
        + "); read it again and retry");
  }

  /** The stored form of an entry. */
  record EntryRecord(String ref, long seq, Digest previous, Digest value, java.time.Instant time, String actor,
      String reason, Map<String, String> attributes, String id) {
    static EntryRecord of(RefEntry entry) {
      return new EntryRecord(entry.name().value(), entry.sequence(), entry.previous().orElse(null),
          entry.value().orElse(null), entry.time(), entry.actor(), entry.reason(), entry.attributes(), entry.id());
    }

    RefEntry toEntry(RefName name) {
      return new RefEntry(name, seq, Optional.ofNullable(previous), Optional.ofNullable(value), time, actor, reason,
          attributes == null ? Map.of() : attributes, id);
    }
  }

}
