package dev.pedigree.audit;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.Retry;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static final String PREFIX = StoreLayout.AUDIT_EVENTS;

  private final NumberedLog log;
  private final Clock clock;

  /**
   * Creates the log on a backend.
   *
   * @param store the backend
   * @param clock the clock for event times
   */
  public AuditLog(BlobStore store, Clock clock) {
    this.log = new NumberedLog(InvalidRequestException.requireNonNull(store, "store"), PREFIX, NumberedLog.Order.NEWEST_FIRST);
    this.clock = InvalidRequestException.requireNonNull(clock, "clock");
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
    InvalidRequestException.requireNonNull(type, "type");
    InvalidRequestException.requireNonNull(subject, "subject");
    InvalidRequestException.requireNonNull(actor, "actor");
    Map<String, String> copied = Map.copyOf(InvalidRequestException.requireNonNull(details, "details"));
    return Retry.onConflict(100, () -> {
      Optional<AuditEvent> head = head();
      long sequence = head.map(AuditEvent::sequence).orElse(0L) + 1;
      String previous = head.map(AuditEvent::hash).orElse("");
      Instant time = clock.instant();
      String hash = hashOf(sequence, time, actor, type, subject, copied, previous);
      AuditEvent event = new AuditEvent(sequence, time, actor, type, subject, copied, previous, hash);
      if (!log.create(sequence, Json.write(event))) {
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
    return log.head().map(AuditLog::parse);
  }

  /**
   * Returns the newest event's position without reading it.
   *
   * @return the position, 0 when the log is empty
   */
  public long headSequence() {
    return log.headNumber();
  }

  /**
   * Returns the event at a position.
   *
   * @param sequence the position, from 1
   * @return the event, or empty when there is none there
   */
  public Optional<AuditEvent> event(long sequence) {
    return log.read(sequence).map(AuditLog::parse);
  }

  /**
   * Returns a checkpoint of the log as it is now: the newest event's position and hash. Keep
   * it outside the store (a ticket, a deployment record, a CI variable); {@link
   * #verify(AuditCheckpoint)} against it later detects any rollback or rewrite of the events
   * up to it, which no check of the store alone can see when the newest events are removed.
   *
   * @return the checkpoint ({@link AuditCheckpoint#EMPTY} for an empty log)
   */
  public AuditCheckpoint checkpoint() {
    return head().map(e -> new AuditCheckpoint(e.sequence(), e.hash())).orElse(AuditCheckpoint.EMPTY);
  }

  /**
   * Streams the events that match a query, oldest first, reading them lazily. Each event is
   * checked against its hash as it is read.
   *
   * @param query the filter
   * @return the events in the order they were appended
   * @throws dev.pedigree.exceptions.CorruptRecordException when an event read is damaged or edited
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
    InvalidRequestException.requireNonNull(query, "query");
    long newest = log.headNumber();
    return LongStream.rangeClosed(Math.max(1, afterSequence + 1), newest)
        .mapToObj(this::event)
        .flatMap(Optional::stream)
        .filter(query::matches);
  }

  /**
   * Streams the events after a position, oldest first (for recovery: the events written since
   * a change began).
   *
   * @param after the position to start after
   * @return the events
   */
  public Stream<AuditEvent> eventsAfter(long after) {
    long newest = log.headNumber();
    return LongStream.rangeClosed(Math.max(1, after + 1), newest).mapToObj(this::event).flatMap(Optional::stream);
  }

  /**
   * Streams every event, newest first.
   *
   * @return the events
   */
  public Stream<AuditEvent> newestFirst() {
    return log.newestFirst().map(AuditLog::parse);
  }

  /**
   * Reads every event and checks the chain: each event's hash matches its content, each
   * points at its predecessor's hash, and the positions run from 1 without gaps.
   *
   * @return what was checked and every problem found, with its position
   */
  public AuditVerification verify() {
    return verify(AuditCheckpoint.EMPTY);
  }

  /**
   * Checks the chain as {@link #verify()} does, and also that the event at the checkpoint's
   * position still exists with the checkpoint's hash: so removing the newest events (a
   * rollback of history) or rewriting any event up to the checkpoint is reported.
   *
   * @param kept a checkpoint taken earlier with {@link #checkpoint()}
   * @return what was checked and every problem found, with its position
   */
  public AuditVerification verify(AuditCheckpoint kept) {
    InvalidRequestException.requireNonNull(kept, "kept");
    List<AuditVerification.Problem> problems = new ArrayList<>();
    long checked = 0;
    AuditEvent newer = null;
    long expectedSequence = -1;
    boolean checkpointSeen = kept.sequence() == 0;
    for (long keySequence : (Iterable<Long>) log.numbersNewestFirst()::iterator) {
      AuditEvent event;
      checked++;
      if (expectedSequence >= 0 && keySequence != expectedSequence) {
        problems.add(new AuditVerification.Problem(expectedSequence, "events " + (keySequence + 1) + " to "
            + expectedSequence + " are missing (removed)"));
      }
      try {
        event = log.read(keySequence).map(AuditLog::parseUnchecked).orElse(null);
      } catch (CorruptRecordException e) {
        problems.add(new AuditVerification.Problem(keySequence, "event " + keySequence + " cannot be read: " + e.getMessage()));
        newer = null;
        expectedSequence = keySequence - 1;
        continue;
      }
      if (event == null) {
        newer = null;
        expectedSequence = keySequence - 1;
        continue;
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
      if (keySequence == kept.sequence()) {
        checkpointSeen = true;
        if (!event.hash().equals(kept.hash())) {
          problems.add(new AuditVerification.Problem(keySequence, "event " + keySequence + " is not the event of the kept"
              + " checkpoint " + kept + " (the history up to it was rewritten)"));
        }
      }
      newer = event;
      expectedSequence = keySequence - 1;
    }
    if (expectedSequence > 0) {
      problems.add(new AuditVerification.Problem(expectedSequence, "events 1 to " + expectedSequence + " are missing (removed)"));
    }
    if (!checkpointSeen) {
      problems.add(new AuditVerification.Problem(kept.sequence(), "the log no longer reaches the kept checkpoint " + kept
          + ": events up to " + kept.sequence() + " were removed (history was rolled back)"));
    }
    problems.sort(java.util.Comparator.comparingLong(AuditVerification.Problem::sequence));
    return new AuditVerification(checked, problems);
  }

  /**
   * Streams the keys in the event folder that are not events (stray files).
   *
   * @return their keys
   */
  public Stream<BlobKey> strays() {
    return log.strays();
  }

  static BlobKey keyOf(long sequence) {
    return BlobKey.of(PREFIX + NumberedLog.nameOf(sequence, NumberedLog.Order.NEWEST_FIRST));
  }

  private static AuditEvent parse(NumberedLog.Entry raw) {
    AuditEvent event = parseUnchecked(raw);
    if (event.sequence() != raw.number() || !event.hash().equals(hashOf(event.sequence(), event.time(), event.actor(),
        event.type(), event.subject(), event.details(), event.previousHash()))) {
      throw new CorruptRecordException(raw.key().value(), "Cannot read audit event " + raw.number() + ": its content does"
          + " not match its hash or position (edited or damaged); run repo.verify() and restore it from a backup", null);
    }
    return event;
  }

  private static AuditEvent parseUnchecked(NumberedLog.Entry raw) {
    return Records.parse(raw.bytes(), AuditEvent.class, raw.key().value(), "audit event",
        "the log was damaged, restore it from a backup");
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
