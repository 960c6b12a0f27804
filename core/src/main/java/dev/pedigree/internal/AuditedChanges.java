package dev.pedigree.internal;

import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a ref change and its audit event as one fact: the one way registry state changes.
 *
 * <p>A change is a request with an id (the caller's, or a generated one) and four writes:
 * <ol>
 *   <li>the request record {@code requests/pending/<id>}, created only if absent, naming the
 *       ref and the positions of the ref log and audit log when it began;</li>
 *   <li>the ref entry, by compare-and-swap, carrying the request id and the whole audit event
 *       it implies (type, subject, details) as attributes, so the event can always be derived
 *       from the entry;</li>
 *   <li>the audit event, derived from the entry, naming the request, the ref, the entry's
 *       number and its hash;</li>
 *   <li>{@code requests/done/<id>} (the outcome, kept so that a retry returns it), then the
 *       pending record is deleted.</li>
 * </ol>
 * A crash or a failed write anywhere leaves a pending request. {@link #recover} completes each
 * one older than a lease: if the ref entry exists, it appends the missing event (marked
 * {@code recovered=true}) and runs the change's completion; if not, the change never took
 * effect and the request is abandoned. A retry with the same request id after an ambiguous
 * failure completes the first attempt and returns its outcome instead of changing twice.
 *
 * <p>Internal: the registry, runs and promoter (and the maintenance API) call
 * {@link #apply}; nothing else writes refs.
 */
public final class AuditedChanges {
  private static final Logger LOG = LoggerFactory.getLogger(AuditedChanges.class);
  private static final String PENDING = StoreLayout.REQUESTS_PENDING;
  private static final String DONE = StoreLayout.REQUESTS_DONE;

  /** Ref entry attribute: the request that wrote the entry. */
  public static final String REQUEST = "request";
  /** Ref entry attribute prefix of the audit event the entry implies. */
  public static final String EVENT_PREFIX = "audit.";
  private static final String EVENT_TYPE = EVENT_PREFIX + "type";
  private static final String EVENT_SUBJECT = EVENT_PREFIX + "subject";
  private static final String EVENT_DETAIL = EVENT_PREFIX + "d.";

  /** Event detail: the ref the event records an entry of. */
  public static final String DETAIL_REF = "ref";
  /** Event detail: the number of the recorded ref entry. */
  public static final String DETAIL_ENTRY = "entry";
  /** Event detail: the hash of the recorded ref entry. */
  public static final String DETAIL_ENTRY_HASH = "entryHash";
  /** Event detail: present ({@code true}) on an event that recovery appended. */
  public static final String DETAIL_RECOVERED = "recovered";

  /**
   * What one attempt of a change writes.
   *
   * @param update the compare-and-swap of the ref
   * @param type the audit event's type
   * @param subject the audit event's subject
   * @param details the audit event's details
   */
  public record Planned(RefUpdate update, AuditEventType type, String subject, Map<String, String> details) {
    /** Copies the details. */
    public Planned {
      Objects.requireNonNull(update, "update");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(subject, "subject");
      details = Map.copyOf(details);
    }
  }

  /** Plans one attempt from the ref's current head; throws a typed exception to refuse. */
  @FunctionalInterface
  public interface Plan {
    /**
     * Plans the attempt.
     *
     * @param head the ref's newest entry, or empty
     * @return what to write
     */
    Planned plan(Optional<RefEntry> head);
  }

  /**
   * A change as applied.
   *
   * @param requestId its request id
   * @param entry the ref entry written
   * @param event the audit event that records it
   * @param replayed {@code true} when a retry returned the outcome of an earlier attempt
   */
  public record Applied(String requestId, RefEntry entry, AuditEvent event, boolean replayed) {
  }

  /**
   * What {@link #recover} did.
   *
   * @param completed requests whose change had taken effect: their events were completed
   * @param abandoned requests whose change had not taken effect: dropped
   * @param unreadable request records that could not be read, left in place
   */
  public record Recovery(List<String> completed, List<String> abandoned, List<String> unreadable) {
    /** Copies the lists. */
    public Recovery {
      completed = List.copyOf(completed);
      abandoned = List.copyOf(abandoned);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** The stored request record. */
  record Pending(String format, String id, String ref, Instant time, long fromEntry, long fromEvent, String completion) {
    static final String FORMAT = "pedigree.request/1";
  }

  /** The stored outcome of a request. */
  record Done(String format, String id, String ref, long entry, String entryHash, long event, String eventHash) {
    static final String FORMAT = "pedigree.request-done/1";
  }

  private final BlobStore store;
  private final RefStore refs;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Function<RefEntry, Map<String, String>>> completions = new ConcurrentHashMap<>();
  private final List<LogCheck> checks = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Creates the change applier of one repository.
   *
   * @param store the backend
   * @param refs the refs
   * @param audit the audit log
   * @param clock the clock
   */
  public AuditedChanges(BlobStore store, RefStore refs, AuditLog audit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.refs = Objects.requireNonNull(refs, "refs");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Registers a completion: work that follows a change's ref entry and precedes its event
   * (such as appending a finished run's lineage), run again by recovery when a crash
   * interrupted it. It must be idempotent. What it returns is added to the event's details
   * (for example the lineage segment it wrote and its hash), so the event names it.
   *
   * @param name the completion's name, stored in request records
   * @param completion the work, given the ref entry
   */
  public void registerCompletion(String name, Function<RefEntry, Map<String, String>> completion) {
    completions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(completion, "completion"));
  }

  /**
   * Registers a check of a log that changes write besides refs and the audit log (the lineage
   * edge log), run by {@code Repository.verify}.
   *
   * @param check the check
   */
  public void registerCheck(LogCheck check) {
    checks.add(Objects.requireNonNull(check, "check"));
  }

  /**
   * Returns the registered log checks.
   *
   * @return the checks
   */
  public List<LogCheck> checks() {
    return List.copyOf(checks);
  }

  /**
   * Returns whether a request id is well formed.
   *
   * @param requestId the id
   * @return whether it may be used
   */
  public static boolean validRequestId(String requestId) {
    return Names.problem(requestId, 128, 128, false) == null;
  }

  /**
   * Checks a caller's request id.
   *
   * @param requestId the id
   * @return the id
   * @throws InvalidRequestException if it is malformed
   */
  public static String requireValidRequestId(String requestId) {
    if (!validRequestId(requestId)) {
      throw new InvalidRequestException("Cannot use request id '" + Names.printable(String.valueOf(requestId))
          + "': use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (a UUID will do)");
    }
    return requestId;
  }

  /**
   * Applies a change with its audit event as one fact (see the class description), retrying
   * the plan from fresh state when another writer wins a race.
   *
   * @param requestId the caller's request id, or {@code null} to generate one
   * @param ref the ref changed
   * @param attempts how many races to run at most
   * @param completion the name of a registered completion, or {@code null}
   * @param plan plans each attempt
   * @return the change as applied, or as first applied when this is a retry of a finished request
   * @throws OutcomeUnknownException if the change took effect but its event could not be written:
   *     retry with the same request id, or let recovery complete it
   */
  public Applied apply(String requestId, RefName ref, int attempts, String completion, Plan plan) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(plan, "plan");
    if (completion != null && !completions.containsKey(completion)) {
      throw new InvalidRequestException("Cannot apply a change with completion '" + completion
          + "': none is registered by that name; register it first");
    }
    String id = requestId == null ? UUID.randomUUID().toString() : requireValidRequestId(requestId);
    Optional<Applied> earlier = replay(id, ref);
    if (earlier.isPresent()) {
      if (store.exists(BlobKey.of(PENDING + id))) {
        deletePending(id); // the first attempt recorded its outcome but could not close its request
      }
      return earlier.get();
    }
    Pending pending = new Pending(Pending.FORMAT, id, ref.value(), clock.instant(),
        refs.headSequence(ref).orElse(0), audit.head().map(AuditEvent::sequence).orElse(0L), completion);
    if (!createPending(pending)) {
      // An earlier attempt with this id was interrupted: finish it (its owner has given up, or it
      // would not retry), then return its outcome or, if it never took effect, start afresh.
      completeOrAbandon(readPending(id).orElseThrow(() -> new StorageException("Cannot apply request " + id
          + ": its record vanished while it was read; retry")));
      earlier = replay(id, ref);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      if (!createPending(pending)) {
        throw new InvalidRequestException("Cannot apply request " + id + ": another writer is applying a change with the"
            + " same request id right now; use one request id per change");
      }
    }
    earlier = replay(id, ref);
    if (earlier.isPresent()) {
      deletePending(id);
      return earlier.get();
    }
    RefEntry entry;
    try {
      entry = Retry.onConflict(attempts, () -> {
        Optional<RefEntry> head = refs.head(ref);
        Planned planned = plan.plan(head);
        return refs.update(withEvent(planned, id));
      });
    } catch (OutcomeUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      // Nothing was written under this request (a refusal or a lost race); drop the request.
      deletePending(id);
      throw e;
    }
    AuditEvent event;
    try {
      event = complete(pending, entry, false);
    } catch (PedigreeException first) {
      try {
        event = complete(pending, entry, false);
      } catch (PedigreeException second) {
        second.addSuppressed(first);
        throw new OutcomeUnknownException(PENDING + id, "Cannot finish recording change " + id + " of '" + ref
            + "': its ref entry " + entry.sequence() + " is written but its audit event is not (" + second.getMessage()
            + "); retry with the same request id, or let recovery (repo.recover()) complete it", second);
      }
    }
    finish(pending, entry, event);
    return new Applied(id, entry, event, false);
  }

  /**
   * Completes or abandons every pending request older than the lease.
   *
   * @param lease how old a request must be before it counts as interrupted
   * @return what was done
   */
  public Recovery recover(Duration lease) {
    Instant cutoff = clock.instant().minus(lease);
    List<String> completed = new ArrayList<>();
    List<String> abandoned = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<BlobKey> keys = store.listAll(PENDING).map(BlobInfo::key).toList();
    for (BlobKey key : keys) {
      String id = key.value().substring(PENDING.length());
      Pending pending;
      try {
        Optional<Pending> found = readPending(id);
        if (found.isEmpty()) {
          continue;
        }
        pending = found.get();
      } catch (CorruptRecordException e) {
        LOG.warn("Cannot recover request '{}': {}", key, e.getMessage());
        unreadable.add(id);
        continue;
      }
      if (pending.time().isAfter(cutoff)) {
        continue;
      }
      if (completeOrAbandon(pending)) {
        completed.add(id);
      } else {
        abandoned.add(id);
      }
    }
    if (!completed.isEmpty() || !abandoned.isEmpty()) {
      LOG.warn("Recovered interrupted changes: completed {}, abandoned {}", completed, abandoned);
    }
    return new Recovery(completed, abandoned, unreadable);
  }

  /**
   * Returns whether a request is pending (begun, not finished).
   *
   * @param requestId the id
   * @return whether its request record exists
   */
  public boolean pending(String requestId) {
    return validRequestId(requestId) && store.exists(BlobKey.of(PENDING + requestId));
  }

  /**
   * Returns the ids of every pending request.
   *
   * @return request ids
   */
  public List<String> pendingIds() {
    return store.listAll(PENDING).map(info -> info.key().value().substring(PENDING.length())).toList();
  }

  /**
   * Derives the audit event type a ref entry implies, if it was written by {@link #apply}.
   *
   * @param entry the entry
   * @return the type, or empty for an entry written otherwise
   */
  public static Optional<AuditEventType> impliedType(RefEntry entry) {
    return entry.attribute(EVENT_TYPE).flatMap(t -> {
      try {
        return Optional.of(AuditEventType.valueOf(t));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Compares an audit event with the ref entry it records: the type, subject, actor and
   * details the entry implies must be the event's.
   *
   * @param event the event
   * @param entry the entry it names
   * @return what differs, or {@code null} when they agree
   */
  public static String mismatch(AuditEvent event, RefEntry entry) {
    Optional<AuditEventType> type = impliedType(entry);
    if (type.isPresent() && type.get() != event.type()) {
      return "its type is " + event.type() + ", the entry's " + type.get();
    }
    Optional<String> subject = entry.attribute(EVENT_SUBJECT);
    if (subject.isPresent() && !subject.get().equals(event.subject())) {
      return "its subject is '" + event.subject() + "', the entry's '" + subject.get() + "'";
    }
    if (!entry.actor().equals(event.actor())) {
      return "its actor is '" + event.actor() + "', the entry's '" + entry.actor() + "'";
    }
    for (Map.Entry<String, String> attribute : entry.attributes().entrySet()) {
      if (attribute.getKey().startsWith(EVENT_DETAIL)) {
        String key = attribute.getKey().substring(EVENT_DETAIL.length());
        if (!attribute.getValue().equals(event.detail(key))) {
          return "its detail '" + key + "' is '" + event.detail(key) + "', the entry's '" + attribute.getValue() + "'";
        }
      }
    }
    String request = entry.attribute(REQUEST).orElse(null);
    if (request != null && !request.equals(event.detail(REQUEST))) {
      return "it names request " + event.detail(REQUEST) + ", the entry " + request;
    }
    return null;
  }

  private static RefUpdate withEvent(Planned planned, String id) {
    RefUpdate update = planned.update();
    Map<String, String> attributes = new LinkedHashMap<>(update.attributes());
    attributes.put(REQUEST, id);
    attributes.put(EVENT_TYPE, planned.type().name());
    attributes.put(EVENT_SUBJECT, planned.subject());
    planned.details().forEach((k, v) -> attributes.put(EVENT_DETAIL + k, v));
    return new RefUpdate(update.name(), update.expected(), update.newValue(), update.actor(), update.reason(), attributes);
  }

  /** Runs the completion and appends the event derived from the entry, unless one already exists. */
  private AuditEvent complete(Pending pending, RefEntry entry, boolean recovered) {
    Map<String, String> extra = Map.of();
    if (pending.completion() != null) {
      Function<RefEntry, Map<String, String>> work = completions.get(pending.completion());
      if (work == null) {
        throw new InvalidRequestException("Cannot complete request " + pending.id() + ": its completion '"
            + pending.completion() + "' is not registered in this version of Pedigree; open the store with the version"
            + " that wrote it");
      }
      extra = work.apply(entry);
    }
    Optional<AuditEvent> existing = audit.eventsAfter(pending.fromEvent())
        .filter(e -> pending.id().equals(e.detail(REQUEST))).findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    Map<String, String> details = new TreeMap<>();
    entry.attributes().forEach((k, v) -> {
      if (k.startsWith(EVENT_DETAIL)) {
        details.put(k.substring(EVENT_DETAIL.length()), v);
      }
    });
    details.putAll(extra);
    details.put(REQUEST, pending.id());
    details.put(DETAIL_REF, entry.name().value());
    details.put(DETAIL_ENTRY, Long.toString(entry.sequence()));
    details.put(DETAIL_ENTRY_HASH, entry.hash());
    if (recovered) {
      details.put(DETAIL_RECOVERED, "true");
    }
    AuditEventType type = impliedType(entry).orElse(AuditEventType.CUSTOM);
    String subject = entry.attribute(EVENT_SUBJECT).orElse(entry.name().value());
    return audit.append(type, subject, entry.actor(), details);
  }

  /** Completes an interrupted request; returns false if its change never took effect (abandoned). */
  private boolean completeOrAbandon(Pending pending) {
    if (store.exists(BlobKey.of(DONE + pending.id()))) {
      deletePending(pending.id()); // finished, but its request was not closed
      return true;
    }
    RefName ref = RefName.of(pending.ref());
    Optional<RefEntry> entry = findEntry(ref, pending.id(), pending.fromEntry());
    if (entry.isEmpty()) {
      deletePending(pending.id());
      return false;
    }
    AuditEvent event = complete(pending, entry.get(), true);
    finish(pending, entry.get(), event);
    return true;
  }

  private Optional<RefEntry> findEntry(RefName ref, String id, long fromEntry) {
    long head = refs.headSequence(ref).orElse(0);
    for (long n = head; n > fromEntry; n--) {
      Optional<RefEntry> entry = refs.entry(ref, n);
      if (entry.isPresent() && id.equals(entry.get().attribute(REQUEST).orElse(null))) {
        return entry;
      }
    }
    return Optional.empty();
  }

  private void finish(Pending pending, RefEntry entry, AuditEvent event) {
    Done done = new Done(Done.FORMAT, pending.id(), pending.ref(), entry.sequence(), entry.hash(), event.sequence(),
        event.hash());
    BlobKey doneKey = BlobKey.of(DONE + pending.id());
    try {
      try {
        store.createIfAbsent(doneKey, BlobSource.ofBytes(Json.write(done)));
      } catch (OutcomeUnknownException e) {
        if (!store.exists(doneKey)) {
          throw e;
        }
      }
      deletePending(pending.id());
    } catch (PedigreeException e) {
      // The change and its event are both written: the caller's change succeeded. The request
      // stays pending, and recovery will find both and mark it done.
      LOG.warn("Change {} of '{}' is recorded (entry {}, audit event {}), but its request could not be closed ({});"
          + " recovery will close it", pending.id(), pending.ref(), entry.sequence(), event.sequence(), e.toString());
    }
  }

  private Optional<Applied> replay(String id, RefName ref) {
    Optional<Done> found = Records.read(store, BlobKey.of(DONE + id), Done.class, "outcome of request " + id,
        "run repo.verify()", record -> {
          if (record.ref() == null) {
            throw new IOException("it names no ref");
          }
          return record;
        });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Done done = found.get();
    if (!done.ref().equals(ref.value())) {
      throw new InvalidRequestException("Cannot apply request " + id + " to '" + ref + "': that request id already"
          + " recorded a change of '" + done.ref() + "'; use one request id per change");
    }
    RefEntry entry = refs.entry(ref, done.entry()).orElseThrow(() -> new CorruptRecordException(DONE + id,
        "Cannot replay request " + id + ": entry " + done.entry() + " of '" + ref + "' it recorded is gone;"
            + " run repo.verify()", null));
    AuditEvent event = audit.event(done.event()).orElseThrow(() -> new CorruptRecordException(DONE + id,
        "Cannot replay request " + id + ": audit event " + done.event() + " it recorded is gone; run repo.verify()",
        null));
    return Optional.of(new Applied(id, entry, event, true));
  }

  private boolean createPending(Pending pending) {
    BlobKey key = BlobKey.of(PENDING + pending.id());
    byte[] bytes = Json.write(pending);
    try {
      return store.createIfAbsent(key, BlobSource.ofBytes(bytes)) == CreateResult.CREATED;
    } catch (OutcomeUnknownException e) {
      Optional<byte[]> found = Records.bytes(store, key);
      if (found.isEmpty()) {
        throw e;
      }
      return java.util.Arrays.equals(found.get(), bytes);
    }
  }

  private Optional<Pending> readPending(String id) {
    return Records.read(store, BlobKey.of(PENDING + id), Pending.class, "pending request",
        "inspect it, and delete it if its change is complete", pending -> {
          if (pending.ref() == null || pending.time() == null || !id.equals(pending.id())) {
            throw new IOException("it lacks its id, ref or time");
          }
          RefName.of(pending.ref());
          return pending;
        });
  }

  private void deletePending(String id) {
    try {
      store.delete(BlobKey.of(PENDING + id));
    } catch (PedigreeException e) {
      LOG.warn("Cannot delete the record of request {} ({}); recovery will find it has nothing to do", id, e.toString());
    }
  }
}
