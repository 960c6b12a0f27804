package dev.pedigree.audit;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.Retry;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The append-only, hash-chained log of every registry mutation and gate verdict.
 *
 * <p>Event {@code n} is stored at {@code audit/events/<19 digits>} (descending, so the newest
 * is found with one short listing) and created only if absent, so concurrent writers on any
 * number of machines never lose an event or fork the chain: the loser of a race for
 * position {@code n} re-reads the head and appends after it. Each event's hash covers the
 * previous event's hash.
 */
public final class AuditLog {
  private static final String PREFIX = "audit/events/";

  private final BlobStore store;
  private final Clock clock;

  /**
   * Creates the log on a backend.
   *
   * @param store the backend
   * @param clock the clock for event times
   */
  public AuditLog(BlobStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Appends an event after the current newest one, retrying if another writer appends first.
   *
   * @param type what happened
   * @param subject what it happened to
   * @param actor who caused it
   * @param details further facts
   * @return the event as stored
   */
  public AuditEvent append(AuditEventType type, String subject, String actor, Map<String, String> details) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    Map<String, String> copied = Map.copyOf(details);
    return Retry.onConflict(100, () -> {
      Optional<AuditEvent> head = head();
      long sequence = head.map(AuditEvent::sequence).orElse(0L) + 1;
      String previous = head.map(AuditEvent::hash).orElse("");
      Instant time = clock.instant();
      String hash = hashOf(sequence, time, actor, type, subject, copied, previous);
      AuditEvent event = new AuditEvent(sequence, time, actor, type, subject, copied, previous, hash);
      BlobKey key = keyOf(sequence);
      CreateResult result;
      try {
        result = store.createIfAbsent(key, BlobSource.ofBytes(Json.write(event)));
      } catch (OutcomeUnknownException e) {
        if (store.exists(key) && read(key).hash().equals(hash)) {
          return event;
        }
        throw e;
      }
      if (result == CreateResult.ALREADY_EXISTS) {
        throw new RefConflictException("audit", previous, null, "Cannot append audit event " + sequence
            + ": another writer appended it first; retrying after it");
      }
      return event;
    });
  }

  /**
   * Returns the newest event.
   *
   * @return the event, or empty when the log is empty
   */
  public Optional<AuditEvent> head() {
    BlobPage page = store.list(PREFIX, null, 1);
    return page.entries().isEmpty() ? Optional.empty() : Optional.of(read(page.entries().get(0).key()));
  }

  /**
   * Streams the events that match a query, oldest first, reading them lazily.
   *
   * @param query the filter
   * @return the events in the order they were appended
   */
  public Stream<AuditEvent> events(AuditQuery query) {
    return events(query, 0);
  }

  /**
   * Streams the events after a position that match a query, oldest first, reading them
   * lazily: a reader that remembers how far it read reads only what was appended since.
   *
   * @param query the filter
   * @param afterSequence the position of the last event already read (0 for all)
   * @return the events after it, in the order they were appended
   */
  public Stream<AuditEvent> events(AuditQuery query, long afterSequence) {
    long newest = head().map(AuditEvent::sequence).orElse(0L);
    return LongStream.rangeClosed(Math.max(1, afterSequence + 1), newest)
        .mapToObj(this::eventOrNull)
        .filter(Objects::nonNull)
        .filter(query::matches);
  }

  /**
   * Streams every event, newest first.
   *
   * @return the events
   */
  public Stream<AuditEvent> newestFirst() {
    return store.listAll(PREFIX).map(info -> read(info.key()));
  }

  /**
   * Reads every event and checks the chain: each event's hash matches its content, each
   * points at its predecessor's hash, and the positions run from 1 without gaps.
   *
   * @return what was checked and every problem found, with its position
   */
  public AuditVerification verify() {
    List<AuditVerification.Problem> problems = new ArrayList<>();
    long checked = 0;
    AuditEvent newer = null;
    long expectedSequence = -1;
    for (BlobInfo info : (Iterable<BlobInfo>) store.listAll(PREFIX)::iterator) {
      long keySequence = sequenceOf(info.key());
      AuditEvent event;
      try {
        event = read(info.key());
      } catch (CorruptRecordException e) {
        problems.add(new AuditVerification.Problem(keySequence, "event " + keySequence + " cannot be read: " + e.getMessage()));
        newer = null;
        expectedSequence = keySequence - 1;
        checked++;
        continue;
      }
      checked++;
      if (expectedSequence >= 0 && keySequence != expectedSequence) {
        problems.add(new AuditVerification.Problem(expectedSequence, "events " + (keySequence + 1) + " to "
            + expectedSequence + " are missing (removed)"));
      }
      if (event.sequence() != keySequence) {
        problems.add(new AuditVerification.Problem(keySequence, "event stored at position " + keySequence
            + " says it is event " + event.sequence() + " (moved or reordered)"));
      }
      String recomputed = hashOf(event.sequence(), event.time(), event.actor(), event.type(), event.subject(),
          event.details(), event.previousHash());
      if (!recomputed.equals(event.hash())) {
        problems.add(new AuditVerification.Problem(keySequence, "event " + keySequence
            + " was edited: its content no longer matches its hash"));
      }
      if (newer != null && !newer.previousHash().equals(event.hash())) {
        problems.add(new AuditVerification.Problem(newer.sequence(), "event " + newer.sequence()
            + " does not follow event " + keySequence + " (the chain is broken: an event was edited, inserted or reordered)"));
      }
      if (keySequence == 1 && !event.previousHash().isEmpty()) {
        problems.add(new AuditVerification.Problem(1, "the first event points at a predecessor (events before it were removed)"));
      }
      newer = event;
      expectedSequence = keySequence - 1;
    }
    if (expectedSequence > 0) {
      problems.add(new AuditVerification.Problem(expectedSequence, "events 1 to " + expectedSequence + " are missing (removed)"));
    }
    problems.sort(java.util.Comparator.comparingLong(AuditVerification.Problem::sequence));
    return new AuditVerification(checked, problems);
  }

  private AuditEvent eventOrNull(long sequence) {
    BlobKey key = keyOf(sequence);
    return store.exists(key) ? read(key) : null;
  }

  static BlobKey keyOf(long sequence) {
    return BlobKey.of(PREFIX + String.format("%019d", Long.MAX_VALUE - sequence));
  }

  private static long sequenceOf(BlobKey key) {
    return Long.MAX_VALUE - Long.parseLong(key.name());
  }

  private AuditEvent read(BlobKey key) {
    byte[] bytes;
    try (InputStream in = store.read(key)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("Cannot read audit event '" + key + "': " + e.getMessage(), e);
    }
    try {
      return Json.read(bytes, AuditEvent.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptRecordException(key.value(), "Cannot read audit event '" + key + "': it is not a valid event ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); the log was damaged, restore it from a backup", e);
    }
  }

  static String hashOf(long sequence, Instant time, String actor, AuditEventType type, String subject,
      Map<String, String> details, String previousHash) {
    Map<String, Object> canonical = new TreeMap<>();
    canonical.put("sequence", sequence);
    canonical.put("time", time.toString());
    canonical.put("actor", actor);
    canonical.put("type", type.name());
    canonical.put("subject", subject);
    canonical.put("details", new TreeMap<>(details));
    canonical.put("previousHash", previousHash);
    return Digest.of(new String(Json.write(canonical), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).hex();
  }
}
