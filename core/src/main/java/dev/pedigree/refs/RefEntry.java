package dev.pedigree.refs;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a ref's log: a change from one value to another, numbered from 1. The ref's
 * value is its newest entry's; the log read newest first is its history.
 *
 * @param name the ref
 * @param sequence the entry's number, 1 for the first
 * @param previous the value before this change, empty if the ref did not exist
 * @param value the value after this change, empty if the change deleted the ref
 * @param time when the change was made, by the writer's clock
 * @param actor who made it
 * @param reason why, in words
 * @param attributes further facts the writer recorded (for example {@code kind=rollback})
 * @param id a unique id of the write, used to recognise one's own entry after an uncertain
 *     outcome
 * @param previousHash the {@link #hash()} of entry {@code sequence - 1} ({@link #GENESIS} for
 *     the first entry), or {@code ""} for an entry written before logs were chained
 * @param hash this entry's SHA-256 hex: of its canonical content for a chained entry, which
 *     covers {@code previousHash}; of its stored bytes for an older, unchained one
 */
public record RefEntry(RefName name, long sequence, Optional<Digest> previous, Optional<Digest> value,
    Instant time, String actor, String reason, Map<String, String> attributes, String id, String previousHash,
    String hash) {
  /** The {@link #previousHash()} of a log's first chained entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  /** Validates and copies the fields. */
  public RefEntry {
    InvalidRequestException.requireNonNull(name, "name");
    InvalidRequestException.requireNonNull(previous, "previous");
    InvalidRequestException.requireNonNull(value, "value");
    InvalidRequestException.requireNonNull(time, "time");
    InvalidRequestException.requireNonNull(actor, "actor");
    InvalidRequestException.requireNonNull(reason, "reason");
    InvalidRequestException.requireNonNull(id, "id");
    InvalidRequestException.requireNonNull(previousHash, "previousHash");
    InvalidRequestException.requireNonNull(hash, "hash");
    attributes = Map.copyOf(InvalidRequestException.requireNonNull(attributes, "attributes"));
    if (sequence < 1) {
      throw new InvalidRequestException("Cannot make entry " + sequence + " of ref '" + name
          + "': entries are numbered from 1; give a sequence of 1 or more");
    }
  }

  /**
   * Returns whether this entry is chained to its predecessor (written by this version of
   * Pedigree or later); older entries are read but carry no chain.
   *
   * @return {@code true} for a chained entry
   */
  public boolean chained() {
    return !previousHash.isEmpty();
  }

  /**
   * Returns an attribute.
   *
   * @param key the attribute's name
   * @return its value, or empty
   */
  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }
}
