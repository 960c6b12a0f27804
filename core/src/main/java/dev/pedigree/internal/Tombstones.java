package dev.pedigree.internal;

import dev.pedigree.artifacts.Deletion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads tombstones: a tombstone is a small record object (what, when, who, why)
 * named by a ref of its own, set only while the ref holds nothing so one deletion wins, and
 * written with its audit event as one fact through {@link AuditedChanges}. An empty value on
 * the ref undoes a deletion that was refused after the fact (audited too).
 */
public final class Tombstones {
  private static final String FORMAT = "pedigree.tombstone/1";

  private final ObjectStore objects;
  private final RefStore refs;
  private final AuditedChanges changes;
  private final Clock clock;

  /** The stored form of a tombstone. */
  record TombstoneRecord(String format, String subject, java.time.Instant deletedAt, String deletedBy, String reason) {
  }

  /**
   * Creates the tombstone writer of one repository.
   *
   * @param objects the object store
   * @param refs the ref store, read directly
   * @param changes the one way refs change
   * @param clock the clock for deletion times
   */
  public Tombstones(ObjectStore objects, RefStore refs, AuditedChanges changes, Clock clock) {
    this.objects = objects;
    this.refs = refs;
    this.changes = changes;
    this.clock = clock;
  }

  /** Signals, inside a plan, that another writer deleted the subject first. */
  private static final class AlreadyDeleted extends PedigreeException {
    private static final long serialVersionUID = 1L;

    AlreadyDeleted() {
      super("Cannot delete: it was deleted meanwhile; read its deletion");
    }
  }

  /**
   * Deletes a subject: writes its tombstone unless one is there, and its audit event.
   *
   * @param ref the subject's tombstone ref
   * @param subject what is deleted, for people
   * @param actor who deletes it
   * @param reason why
   * @param type the audit event type
   * @param details further audit details
   * @return the deletion that stands: this one, or the earlier one if it was deleted already
   */
  public Deletion delete(RefName ref, String subject, String actor, String reason, AuditEventType type,
      Map<String, String> details) {
    Optional<Deletion> earlier = find(ref);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    TombstoneRecord record = new TombstoneRecord(FORMAT, subject, clock.instant(), actor, reason);
    Digest digest = objects.put(Json.write(record));
    Map<String, String> all = new java.util.LinkedHashMap<>(details);
    all.put("reason", reason);
    all.put("tombstone", digest.toString());
    try {
      changes.apply(null, ref, Retry.DEFAULT_ATTEMPTS, null, head -> {
        if (head.flatMap(RefEntry::value).isPresent()) {
          throw new AlreadyDeleted();
        }
        return new AuditedChanges.Planned(RefUpdate.of(ref).expect(head.flatMap(RefEntry::value)).to(digest).actor(actor)
            .reason(reason).build(), type, subject, all);
      });
    } catch (AlreadyDeleted e) {
      return find(ref).orElseThrow(() -> e);
    }
    return new Deletion(subject, record.deletedAt(), actor, reason);
  }

  /**
   * Undoes a deletion that must not stand (a concurrent change made it wrong), recorded in the
   * tombstone ref's log.
   *
   * @param ref the tombstone ref
   * @param subject what was deleted
   * @param actor who undoes it
   * @param why why
   */
  public void undo(RefName ref, String subject, String actor, String why) {
    changes.apply(null, ref, Retry.DEFAULT_ATTEMPTS, null, head -> new AuditedChanges.Planned(
        RefUpdate.of(ref).expect(head.flatMap(RefEntry::value)).to(Optional.empty()).actor(actor).reason(why).build(),
        AuditEventType.CUSTOM, subject, Map.of("action", "undo-deletion", "reason", why)));
  }

  /**
   * Returns the standing deletion of a subject.
   *
   * @param ref the subject's tombstone ref
   * @return the deletion, or empty when the subject is not deleted
   */
  public Optional<Deletion> find(RefName ref) {
    return refs.read(ref).map(this::read);
  }

  /**
   * Throws if a subject is deleted.
   *
   * @param ref the subject's tombstone ref
   * @param reference what the caller asked for
   * @param doing what the caller was doing, such as "read" or "move alias 'production' to"
   * @throws GoneException if it is deleted
   */
  public void requireNotDeleted(RefName ref, String reference, String doing) {
    Optional<Deletion> deletion = find(ref);
    if (deletion.isPresent()) {
      throw gone(reference, doing, deletion.get());
    }
  }

  /**
   * Builds the error for a deleted subject.
   *
   * @param reference what the caller asked for
   * @param doing what the caller was doing
   * @param deletion the tombstone
   * @return the exception
   */
  public static GoneException gone(String reference, String doing, Deletion deletion) {
    return new GoneException(reference, deletion.time(), deletion.actor(), deletion.reason(), "Cannot " + doing + " "
        + reference + ": it was deleted at " + deletion.time() + " by " + deletion.actor() + " (" + deletion.reason()
        + "); its record is kept as a tombstone, its content may be collected; use another version");
  }

  private Deletion read(Digest digest) {
    return Records.read(objects, digest, TombstoneRecord.class, "tombstone", Records.RESTORE, record -> {
      if (!FORMAT.equals(record.format()) || record.deletedAt() == null) {
        throw new IOException("format '" + record.format() + "' is not '" + FORMAT + "'");
      }
      return new Deletion(record.subject(), record.deletedAt(), String.valueOf(record.deletedBy()),
          String.valueOf(record.reason()));
    });
  }
}
