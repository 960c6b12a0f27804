package dev.pedigree.refs;

import dev.pedigree.exceptions.ContentCollectedException;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.internal.Retry;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
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
 * <p>Each entry is chained: it holds the hash of its predecessor and a checksum over its own
 * canonical content, checked on every read. So an edited entry fails to read, and an entry
 * edited, removed, inserted or moved anywhere in a log breaks the chain where
 * {@code Repository.verify()} finds it. Entries written before chaining are read as they are
 * ({@link RefEntry#chained()} is false). The log is {@link NumberedLog}, shared with the audit
 * and lineage logs.
 *
 * <p>Thread-safe, and safe for many processes and machines sharing one store.
 */
public final class RefStore {
  private static final String ROOT = StoreLayout.REFS;
  private static final String LOG = "/@log/";

  private static final int COLLECTED_ATTEMPTS = 5;

  private final BlobStore store;
  private final Clock clock;
  private volatile CommitCheck commitCheck = CommitCheck.NONE;

  /**
   * Called by {@link #update(RefUpdate)} just before it writes an entry, with the value the
   * ref will take. Garbage collection uses it to make sure every object that value reaches is
   * still there and stays there; a check that throws stops the update before anything is
   * written.
   */
  @FunctionalInterface
  public interface CommitCheck {
    /** The check that accepts everything. */
    CommitCheck NONE = (name, value) -> { };

    /**
     * Checks an update about to be written.
     *
     * @param name the ref
     * @param value the value it will take; empty when the update deletes it
     */
    void beforeCommit(RefName name, Optional<Digest> value);
  }

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
    this.store = InvalidRequestException.requireNonNull(store, "store");
    this.clock = InvalidRequestException.requireNonNull(clock, "clock");
  }

  /**
   * Sets the check every update runs just before it writes its entry (by default none).
   *
   * @param check the check
   */
  public void commitCheck(CommitCheck check) {
    this.commitCheck = InvalidRequestException.requireNonNull(check, "check");
  }

  /**
   * Returns the newest entry of a ref.
   *
   * @param name the ref
   * @return the head entry, or empty if the ref has no log
   * @throws CorruptRecordException if the head entry is damaged or edited
   */
  public Optional<RefEntry> head(RefName name) {
    InvalidRequestException.requireNonNull(name, "ref name");
    return log(name).head().map(raw -> readEntry(name, raw));
  }

  /**
   * Returns the sequence number of a ref's newest entry with one listing of one key and no read
   * of the entry itself: the cheapest way to learn whether a ref changed since it was last seen,
   * as entries are never rewritten and every change appends one. Stray keys in the log folder
   * are skipped.
   *
   * @param name the ref
   * @return the newest entry's number, or empty if the ref has no log
   */
  public OptionalLong headSequence(RefName name) {
    InvalidRequestException.requireNonNull(name, "ref name");
    long head = log(name).headNumber();
    return head == 0 ? OptionalLong.empty() : OptionalLong.of(head);
  }

  /**
   * Streams the numbers of the entries of a ref's log that are present, newest first, without
   * reading them (one paged listing), so that a gap left by a removed entry shows.
   *
   * @param name the ref
   * @return entry numbers, newest first
   */
  public Stream<Long> entryNumbers(RefName name) {
    InvalidRequestException.requireNonNull(name, "ref name");
    return log(name).listNumbers();
  }

  /**
   * Streams the keys in a ref's log folder that are not entries (stray files such as
   * {@code .nfs…} or editor backups), which readers skip.
   *
   * @param name the ref
   * @return their keys
   */
  public Stream<BlobKey> strays(RefName name) {
    InvalidRequestException.requireNonNull(name, "ref name");
    return log(name).strays();
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
    InvalidRequestException.requireNonNull(name, "ref name");
    return log(name).read(sequence).map(raw -> readEntry(name, raw));
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
    InvalidRequestException.requireNonNull(update, "update");
    Optional<RefEntry> head = head(update.name());
    Optional<Digest> current = head.flatMap(RefEntry::value);
    if (!current.equals(update.expected())) {
      throw conflict(update.name(), update.expected(), current, "it changed since it was read");
    }
    long sequence = head.map(RefEntry::sequence).orElse(0L) + 1;
    commitCheck.beforeCommit(update.name(), update.newValue());
    EntryRecord unsummed = new EntryRecord(update.name().value(), sequence, current.orElse(null),
        update.newValue().orElse(null), clock.instant(), update.actor(), update.reason(),
        new TreeMap<>(update.attributes()), UUID.randomUUID().toString(), head.map(RefEntry::hash).orElse(RefEntry.GENESIS),
        null);
    EntryRecord record = unsummed.withSum(unsummed.computeSum());
    byte[] bytes = Json.write(record);
    if (!log(update.name()).create(sequence, bytes)) {
      Optional<RefEntry> found = entry(update.name(), sequence);
      throw conflict(update.name(), update.expected(), found.flatMap(RefEntry::value), "another writer updated it first");
    }
    return record.toEntry(update.name(), record.sum());
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
   * @throws ContentCollectedException if garbage collection kept deleting what the new value
   *     refers to
   */
  public RefEntry update(RefName name, Function<Optional<Digest>, Optional<Digest>> change, String actor, String reason) {
    InvalidRequestException.requireNonNull(name, "ref name");
    InvalidRequestException.requireNonNull(change, "change function");
    for (int attempt = 1; ; attempt++) {
      try {
        return Retry.onConflict(Retry.DEFAULT_ATTEMPTS, () -> {
          Optional<Digest> current = read(name);
          Optional<Digest> next = change.apply(current);
          if (next == null) {
            throw new InvalidRequestException("Cannot update ref '" + name + "': the change function returned null;"
                + " return Optional.empty() to delete the ref");
          }
          return update(RefUpdate.of(name).expect(current).to(next).actor(actor).reason(reason).build());
        });
      } catch (ContentCollectedException e) {
        // The function stores its object again when called again: safe now that it is gone.
        if (attempt >= COLLECTED_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Streams a ref's log newest first, reading entries lazily page by page.
   *
   * @param name the ref
   * @return the entries, newest first
   */
  public Stream<RefEntry> history(RefName name) {
    InvalidRequestException.requireNonNull(name, "ref name");
    return log(name).newestFirst().map(raw -> readEntry(name, raw));
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
    InvalidRequestException.requireNonNull(prefix, "name prefix");
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
    InvalidRequestException.requireNonNull(name, "ref name");
    return BlobKey.of(ROOT + name.value() + LOG + NumberedLog.nameOf(sequence, NumberedLog.Order.NEWEST_FIRST));
  }

  static String logPrefix(RefName name) {
    return ROOT + name.value() + LOG;
  }

  static String defaultActor() {
    return System.getProperty("user.name", "unknown");
  }

  /**
   * Streams the storage keys of every entry of every ref whose name starts with a prefix, in
   * key order, with one paged listing. Entries never change once written, so a caller that
   * remembers what it read needs to {@link #entryAt read} only keys it has not seen.
   *
   * @param prefix a name prefix ({@code ""} for all)
   * @return entry keys
   */
  public Stream<BlobKey> entryKeys(String prefix) {
    InvalidRequestException.requireNonNull(prefix, "name prefix");
    return store.listAll(BlobKey.requireValidPrefix(ROOT + prefix)).map(info -> info.key())
        .filter(key -> key.value().indexOf(LOG, ROOT.length()) > 0 && key.name().matches("[0-9]{19}"));
  }

  /**
   * Reads the entry stored under a key that {@link #entryKeys} listed.
   *
   * @param key the entry's key
   * @return the entry
   * @throws CorruptRecordException if the key is not a ref entry's or its content is damaged
   */
  public RefEntry entryAt(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    String value = key.value();
    int at = value.indexOf(LOG, ROOT.length());
    if (!value.startsWith(ROOT) || at < 0) {
      throw new CorruptRecordException(value, "Cannot read '" + value + "' as a ref entry: it is not under "
          + ROOT + "<name>" + LOG + "; pass a key that entryKeys() listed", null);
    }
    RefName name = RefName.of(value.substring(ROOT.length(), at));
    NumberedLog log = log(name);
    long number = log.numberOf(key).orElseThrow(() -> new CorruptRecordException(value, "Cannot read '" + value
        + "' as a ref entry: its name is not an entry number; pass a key that entryKeys() listed", null));
    return log.read(number).map(raw -> readEntry(name, raw)).orElseThrow(() -> new CorruptRecordException(value,
        "Cannot read ref entry '" + value + "': it vanished while it was read; entries are never deleted, restore it"
        + " from a backup", null));
  }

  /** The numbered log that holds a ref's entries. */
  private NumberedLog log(RefName name) {
    return new NumberedLog(store, logPrefix(name), NumberedLog.Order.NEWEST_FIRST);
  }

  /**
   * Parses and checks one stored entry: its JSON, its required fields, that it says it is the
   * entry its key names, and (for a chained entry) that its content matches its hash.
   *
   * @param name the ref
   * @param raw the stored entry
   * @return the entry
   * @throws CorruptRecordException if any of that fails
   */
  private static RefEntry readEntry(RefName name, NumberedLog.Entry raw) {
    BlobKey key = raw.key();
    EntryRecord record;
    try {
      record = Json.read(raw.bytes(), EntryRecord.class);
    } catch (IOException e) {
      throw new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': its log entry '" + key
          + "' is not valid JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
          + "); run repo.verify() to see what is damaged and restore it from a backup", e);
    }
    if (record == null) {
      throw corrupt(name, key, "is empty (JSON null)");
    }
    String missing = record.missingField();
    if (missing != null) {
      throw corrupt(name, key, "has no '" + missing + "'");
    }
    if (record.seq() != raw.number() || !name.value().equals(record.ref())) {
      throw corrupt(name, key, "says it is entry " + record.seq() + " of '" + record.ref() + "' (moved or edited)");
    }
    String hash;
    if (record.sum() == null) {
      if (record.chain() != null) {
        throw corrupt(name, key, "is chained but has no checksum (edited)");
      }
      hash = Digest.of(raw.bytes()).hex();
    } else {
      if (record.chain() == null || !record.sum().equals(record.computeSum())) {
        throw corrupt(name, key, "does not match its checksum (edited or damaged)");
      }
      hash = record.sum();
    }
    try {
      return record.toEntry(name, hash);
    } catch (RuntimeException e) {
      throw corrupt(name, key, "is incomplete (" + e.getMessage() + ")");
    }
  }

  private static CorruptRecordException corrupt(RefName name, BlobKey key, String why) {
    return new CorruptRecordException(key.value(), "Cannot read ref '" + name + "': its log entry '" + key + "' "
        + why + "; run repo.verify() to see what is damaged and restore it from a backup", null);
  }

  private static RefConflictException conflict(RefName name, Optional<Digest> expected, Optional<Digest> actual, String why) {
    String exp = expected.map(Digest::toString).orElse(null);
    String act = actual.map(Digest::toString).orElse(null);
    return new RefConflictException(name.value(), exp, act, "Cannot update ref '" + name + "': " + why
        + " (expected " + (exp == null ? "absent" : exp) + ", found " + (act == null ? "absent" : act)
        + "); read it again and retry");
  }

  /**
   * The stored form of an entry. {@code chain} is the predecessor's hash and {@code sum} the
   * SHA-256 of this record's canonical JSON without {@code sum}; both are null in entries
   * written before logs were chained.
   */
  record EntryRecord(String ref, long seq, Digest previous, Digest value, Instant time, String actor,
      String reason, Map<String, String> attributes, String id, String chain, String sum) {
    EntryRecord withSum(String value) {
      return new EntryRecord(ref, seq, previous, this.value, time, actor, reason, attributes, id, chain, value);
    }

    String computeSum() {
      return Digest.of(Json.write(withSum(null))).hex();
    }

    String missingField() {
      if (ref == null) {
        return "ref";
      }
      if (time == null) {
        return "time";
      }
      if (actor == null) {
        return "actor";
      }
      if (id == null) {
        return "id";
      }
      return reason == null ? "reason" : null;
    }

    RefEntry toEntry(RefName name, String hash) {
      return new RefEntry(name, seq, Optional.ofNullable(previous), Optional.ofNullable(value), time, actor, reason,
          attributes == null ? Map.of() : attributes, id, chain == null ? "" : chain, hash);
    }
  }

}
