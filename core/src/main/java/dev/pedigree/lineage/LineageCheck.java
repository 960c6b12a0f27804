package dev.pedigree.lineage;

import dev.pedigree.RepositoryVerification.Kind;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.LogCheck;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the lineage edge log for {@code Repository.verify}: every segment parsed and checked
 * against its checksum, the chain unbroken and without gaps, every segment an audit event
 * names present with the hash it names; and every lineage checkpoint readable (a damaged one
 * is harmless, since queries then rebuild from the segments, but is reported). Internal.
 */
final class LineageCheck implements LogCheck {
  private static final String CHECKPOINTS = StoreLayout.LINEAGE_CHECKPOINTS;
  private static final String ACTION = "restore the lineage/edges folder from a backup";

  private final EdgeLog edgeLog;
  private final NumberedLog checkpoints;
  private final ObjectStore objects;

  LineageCheck(EdgeLog edgeLog, BlobStore store, ObjectStore objects) {
    this.edgeLog = edgeLog;
    this.checkpoints = new NumberedLog(store, CHECKPOINTS, NumberedLog.Order.OLDEST_FIRST);
    this.objects = objects;
  }

  @Override
  public void check(Findings findings) {
    NumberedLog log = edgeLog.log();
    Map<Long, String> hashes = new HashMap<>();
    Map<Long, java.util.List<String>> chainedRuns = new HashMap<>();
    long expected = 1;
    String previousHash = EdgeLog.GENESIS;
    boolean previousChained = false;
    long done = 0;
    findings.progress("lineage", 0);
    for (long n : (Iterable<Long>) log.listNumbers()::iterator) {
      String subject = "lineage segment " + n;
      if (n != expected) {
        findings.problem(Kind.TAMPERED, subject, "segments " + expected + " to " + (n - 1) + " of the lineage edge log are"
            + " missing (removed)", ACTION);
        previousHash = null;
      }
      expected = n + 1;
      EdgeSegment segment;
      try {
        segment = log.read(n).map(EdgeLog::parse).orElse(null);
      } catch (PedigreeException e) {
        findings.problem(Kind.DAMAGED, subject, e.getMessage(), ACTION);
        previousHash = null;
        continue;
      }
      if (segment == null) {
        previousHash = null;
        continue;
      }
      if (segment.chain() != null) {
        if (previousHash != null && !previousHash.equals(segment.chain())) {
          findings.problem(Kind.TAMPERED, subject, "segment " + n + " does not follow segment " + (n - 1)
              + " (a segment was edited, replaced, inserted or reordered)", ACTION);
        }
      } else if (previousChained) {
        findings.problem(Kind.TAMPERED, subject, "segment " + n + " carries no chain after chained segments (replaced)",
            ACTION);
      }
      previousChained = segment.chain() != null;
      if (previousChained) {
        chainedRuns.put(n, segment.runs().stream().map(EdgeRecord::run).toList());
      }
      previousHash = EdgeLog.hashOf(segment);
      hashes.put(n, previousHash);
      if (++done % 1000 == 0) {
        findings.progress("lineage", done);
      }
    }
    findings.progress("lineage", done);
    Map<String, Map<String, String>> namedSegments = findings.eventsNaming(Runs.SEGMENT_DETAIL);
    java.util.Set<String> namedRuns = new java.util.HashSet<>();
    for (Map.Entry<Long, java.util.List<String>> segment : chainedRuns.entrySet()) {
      if (namedSegments.containsKey(Long.toString(segment.getKey()))) {
        namedRuns.addAll(segment.getValue());
      }
    }
    boolean pending = findings.changesPending();
    for (Map.Entry<Long, java.util.List<String>> segment : chainedRuns.entrySet()) {
      // A segment no event names is harmless when its runs are all recorded elsewhere (recovery
      // may append a run's edges twice; the graph counts a run once), and may be a pending change's.
      if (!namedSegments.containsKey(Long.toString(segment.getKey())) && !namedRuns.containsAll(segment.getValue())
          && !pending) {
        findings.problem(Kind.TAMPERED, "lineage segment " + segment.getKey(), "lineage segment " + segment.getKey()
            + " records runs " + segment.getValue() + " that no audit event records (inserted)", ACTION);
      }
    }
    for (Map.Entry<String, Map<String, String>> named : namedSegments.entrySet()) {
      String hash = named.getValue().get(Runs.SEGMENT_HASH_DETAIL);
      long n;
      try {
        n = Long.parseLong(named.getKey());
      } catch (NumberFormatException e) {
        continue;
      }
      if (hash == null) {
        continue;
      }
      String found = hashes.get(n);
      if (found == null && !log.exists(n)) {
        findings.problem(Kind.TAMPERED, "lineage segment " + n, "an audit event records lineage segment " + n
            + ", which is gone (removed)", ACTION);
      } else if (found != null && !found.equals(hash)) {
        findings.problem(Kind.TAMPERED, "lineage segment " + n, "lineage segment " + n + " is not the one its audit event"
            + " records (replaced)", ACTION);
      }
    }
    for (long c : (Iterable<Long>) checkpoints.listNumbers()::iterator) {
      BlobKey key = checkpoints.keyOf(c);
      try {
        Optional<NumberedLog.Entry> raw = checkpoints.read(c);
        if (raw.isEmpty()) {
          continue;
        }
        CheckpointPointer pointer = Json.read(raw.get().bytes(), CheckpointPointer.class);
        if (pointer == null || pointer.index() == null || !CheckpointPointer.FORMAT.equals(pointer.format())) {
          throw new IOException("it is not a checkpoint pointer");
        }
        if (!objects.contains(pointer.index())) {
          throw new IOException("the index object it names, " + pointer.index() + ", is missing");
        }
        if (findings.full()) {
          LineageIndex index = LineageIndex.decode(objects.readAllBytes(pointer.index()));
          if (index.loadedSegment != pointer.segment()) {
            throw new IOException("its index covers segment " + index.loadedSegment + ", it says " + pointer.segment());
          }
        }
      } catch (IOException | PedigreeException | IllegalArgumentException e) {
        findings.problem(Kind.DAMAGED, key.value(), "lineage checkpoint " + c + " is damaged (" + e.getMessage()
            + "); queries ignore it and rebuild from the edge log", "delete '" + key + "'");
      }
    }
  }
}
