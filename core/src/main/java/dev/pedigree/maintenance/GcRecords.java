package dev.pedigree.maintenance;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys through which collection runs and writers meet, all under {@code gc/}:
 * <ul>
 *   <li>{@code gc/candidates/<run>}: the digests the run may delete, one hex a line, written first;
 *   <li>{@code gc/runs/<run>}: the announcement (when, the deadline, the writer window);
 *   <li>{@code gc/verdicts/<run>/<hex>}: {@code keep} (a writer claimed the object) or
 *       {@code delete} (the run did), whichever was created first;
 *   <li>{@code gc/deleted/<run>/<hex>}: written once the run has deleted an object it claimed,
 *       so a writer knows that the object, if present, was stored again and stays;
 *   <li>{@code gc/finished/<run>}: written when the run ends.
 * </ul>
 */
final class GcRecords {
  static final String RUNS = StoreLayout.GC_RUNS;
  static final String CANDIDATES = StoreLayout.GC_CANDIDATES;
  static final String VERDICTS = StoreLayout.GC_VERDICTS;
  static final String FINISHED = StoreLayout.GC_FINISHED;
  static final String DELETED = StoreLayout.GC_DELETED;
  static final String FORMAT = "pedigree.gc-run/1";
  static final byte[] KEEP = "keep".getBytes(StandardCharsets.US_ASCII);
  static final byte[] DELETE = "delete".getBytes(StandardCharsets.US_ASCII);

  private GcRecords() {
  }

  /** The announcement of a run. */
  record Run(String format, String id, Instant announced, Instant deadline, Duration writerWindow) {
    /** The time after which this run deletes nothing more, allowing one writer window of clock skew. */
    Instant settledBy() {
      return deadline.plus(writerWindow);
    }
  }

  static BlobKey runKey(String id) {
    return BlobKey.of(RUNS + id);
  }

  static BlobKey candidatesKey(String id) {
    return BlobKey.of(CANDIDATES + id);
  }

  static BlobKey finishedKey(String id) {
    return BlobKey.of(FINISHED + id);
  }

  static BlobKey deletedKey(String id, Digest digest) {
    return BlobKey.of(DELETED + id + "/" + digest.hex());
  }

  static BlobKey verdictKey(String id, Digest digest) {
    return BlobKey.of(VERDICTS + id + "/" + digest.hex());
  }

  static byte[] encode(Collection<Digest> digests) {
    StringBuilder text = new StringBuilder(digests.size() * 65);
    for (Digest digest : digests) {
      text.append(digest.hex()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static Set<Digest> readCandidates(BlobStore store, String id) {
    Set<Digest> digests = new HashSet<>();
    byte[] bytes;
    try {
      bytes = readBytes(store, candidatesKey(id));
    } catch (BlobNotFoundException e) {
      return digests; // the run ended long ago and its records are being removed
    }
    for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
      if (!line.isEmpty()) {
        digests.add(new Digest(line));
      }
    }
    return digests;
  }

  static Run readRun(BlobStore store, BlobKey key) {
    return Records.parse(readBytes(store, key), Run.class, key.value(), "garbage collection run",
        "delete it only once no collection and no writer is running");
  }

  /**
   * Claims an object for a run or a writer: creates its verdict if absent and returns the one
   * that stands (ours, or the one created first).
   */
  static boolean claim(BlobStore store, String run, Digest digest, byte[] verdict) {
    BlobKey key = verdictKey(run, digest);
    try {
      CreateResult result = store.createIfAbsent(key, BlobSource.ofBytes(verdict));
      if (result.created()) {
        return true;
      }
    } catch (OutcomeUnknownException e) {
      if (!store.exists(key)) {
        throw e;
      }
      // Whoever wrote it, the verdict that stands is the one stored: read it below.
    }
    return java.util.Arrays.equals(readBytes(store, key), verdict);
  }

  static byte[] readBytes(BlobStore store, BlobKey key) {
    try (InputStream in = store.read(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + key + "': " + e.getMessage() + "; check that the store is reachable", e);
    }
  }
}
