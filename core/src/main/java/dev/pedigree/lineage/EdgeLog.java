package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
 * {@code 2 log2 n} existence checks. Each segment is chained to its predecessor and carries a
 * checksum, checked on read. The log is {@link NumberedLog}. Internal.
 */
final class EdgeLog {
  static final String PREFIX = StoreLayout.LINEAGE_EDGES;

  private final NumberedLog log;

  EdgeLog(BlobStore store) {
    this.log = new NumberedLog(InvalidRequestException.requireNonNull(store, "store"), PREFIX, NumberedLog.Order.OLDEST_FIRST);
  }

  /**
   * Appends a segment holding the given runs' edges, chained to the segment before it.
   *
   * @return the segment's number and hash
   */
  Appended append(List<EdgeRecord> runs) {
    String id = UUID.randomUUID().toString();
    long candidate = head() + 1;
    while (true) {
      String chain = candidate == 1 ? GENESIS : read(candidate - 1).map(EdgeLog::hashOf).orElse(GENESIS);
      EdgeSegment unsummed = new EdgeSegment(EdgeSegment.FORMAT, id, runs, chain, null);
      EdgeSegment segment = unsummed.withSum(unsummed.computeSum());
      if (log.create(candidate, Json.write(segment))) {
        return new Appended(candidate, segment.sum());
      }
      candidate++;
    }
  }

  /**
   * Returns the number of the newest segment (0 when the log is empty), probing forward from
   * what this process last knew.
   */
  long head() {
    return log.headNumber();
  }

  /** Whether segment {@code n} exists ({@code n = 0} always does: it is the empty start). */
  boolean exists(long n) {
    return log.exists(n);
  }

  /** Reads segment {@code n}, checked against its checksum, or empty if it does not exist (yet). */
  Optional<EdgeSegment> read(long n) {
    return log.read(n).map(EdgeLog::parse);
  }

  /** The hash a segment's successor chains to: its sum, or for an unchained segment the hash of its JSON. */
  static String hashOf(EdgeSegment segment) {
    return segment.sum() != null ? segment.sum() : Digest.of(Json.write(segment)).hex();
  }

  static EdgeSegment parse(NumberedLog.Entry raw) {
    return Records.parse(raw.bytes(), EdgeSegment.class, raw.key().value(), "lineage edge segment " + raw.number(),
        Records.RESTORE, segment -> {
          if (!EdgeSegment.FORMAT.equals(segment.format())) {
            throw new IOException("its format is '" + segment.format() + "', not '" + EdgeSegment.FORMAT + "'");
          }
          if (segment.sum() != null ? !segment.sum().equals(segment.computeSum()) || segment.chain() == null
              : segment.chain() != null) {
            throw new IOException("its content does not match its checksum (edited or damaged)");
          }
          return segment;
        });
  }

  /** The numbered log the segments are kept in. */
  NumberedLog log() {
    return log;
  }

  static BlobKey keyOf(long n) {
    return BlobKey.of(PREFIX + NumberedLog.nameOf(n, NumberedLog.Order.OLDEST_FIRST));
  }

  /** A segment as appended: its number and hash. */
  record Appended(long number, String hash) {
  }

  /** The chain value of the first segment. */
  static final String GENESIS = "0".repeat(64);
}
