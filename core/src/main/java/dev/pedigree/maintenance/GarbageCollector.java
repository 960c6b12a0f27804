package dev.pedigree.maintenance;

import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.internal.Json;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.objects.PackSummary;
import dev.pedigree.objects.RepackResult;
import dev.pedigree.objects.StoredObject;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.SupportsAbandonedUploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One garbage collection run; see {@link Maintenance} for the scheme. */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final BlobStore store;
  private final ObjectStore objects;
  private final AuditLog audit;
  private final Clock clock;
  private final Supplier<String> actor;
  /** Shared by the runs of this repository: what was read once (entries, records) is not read again. */
  private final Reachability reachability;

  GarbageCollector(BlobStore store, ObjectStore objects, RefStore refs, AuditLog audit, Clock clock, Supplier<String> actor) {
    this.store = store;
    this.objects = objects;
    this.audit = audit;
    this.clock = clock;
    this.actor = actor;
    this.reachability = new Reachability(store, objects, refs, audit);
  }

  synchronized GcSummary run(GcOptions options) {
    long began = System.nanoTime();
    GcListener listener = options.listener();
    Instant start = clock.instant();
    String id = options.dryRun() ? "dry-run"
        : String.format("%013d-%s", start.toEpochMilli(), UUID.randomUUID().toString().substring(0, 8));

    long[] uploads = discardUploads(options, start, listener);

    listener.phase(GcPhase.MARK);
    Set<Digest> reached = reachability.mark(listener);

    listener.phase(GcPhase.LIST);
    List<StoredObject> candidates = new ArrayList<>();
    long scanned = 0;
    long scannedBytes = 0;
    long candidateBytes = 0;
    long reachable = 0;
    try (var all = objects.inventory()) {
      for (StoredObject object : (Iterable<StoredObject>) all::iterator) {
        scanned++;
        scannedBytes += object.size();
        if (!reached.contains(object.digest())) {
          candidates.add(object);
          candidateBytes += object.size();
        } else {
          reachable++;
        }
        if (scanned % 1000 == 0) {
          listener.progress(GcPhase.LIST, scanned, -1);
        }
      }
    }
    // Packs: only the dead objects of packs dead enough to be rewritten become candidates.
    Map<Digest, List<StoredObject>> packed = new LinkedHashMap<>();
    for (PackSummary pack : objects.packs()) {
      List<StoredObject> dead = new ArrayList<>();
      long deadBytes = 0;
      try (var inPack = objects.packObjects(pack.name())) {
        for (StoredObject object : (Iterable<StoredObject>) inPack::iterator) {
          if (reached.contains(object.digest())) {
            reachable++;
          } else {
            dead.add(object);
            deadBytes += object.size();
          }
        }
      } catch (ObjectNotFoundException e) {
        continue; // rewritten by another collection since the listing
      }
      scanned += pack.objects();
      scannedBytes += pack.objectBytes();
      if (!dead.isEmpty() && deadBytes >= options.repackDeadFraction() * pack.objectBytes()) {
        packed.put(pack.name(), dead);
        candidates.addAll(dead);
        candidateBytes += deadBytes;
      }
      listener.progress(GcPhase.LIST, scanned, -1);
    }
    listener.progress(GcPhase.LIST, scanned, scanned);
    if (options.dryRun()) {
      return new GcSummary(id, true, scanned, scannedBytes, reachable, candidates.size(), candidates.size(),
          candidateBytes, 0, 0, uploads[0], uploads[1], Duration.ofNanos(System.nanoTime() - began));
    }

    long deleted = 0;
    long deletedBytes = 0;
    long kept = 0;
    long left = 0;
    int packsRewritten = 0;
    if (!candidates.isEmpty()) {
      listener.phase(GcPhase.ANNOUNCE);
      store.createIfAbsent(GcRecords.candidatesKey(id), BlobSource.ofBytes(GcRecords.encode(
          candidates.stream().map(StoredObject::digest).distinct().toList())));
      Instant announced = clock.instant();
      GcRecords.Run run = new GcRecords.Run(GcRecords.FORMAT, id, announced, announced.plus(options.maxDuration()),
          options.writerWindow());
      store.createIfAbsent(GcRecords.runKey(id), BlobSource.ofBytes(Json.write(run)));
      long announcedNanos = System.nanoTime();

      listener.phase(GcPhase.WAIT);
      waitUntil(announcedNanos + options.writerWindow().toNanos(), listener);

      listener.phase(GcPhase.REMARK);
      Set<Digest> again = reachability.mark(listener);

      listener.phase(GcPhase.SWEEP);
      // Stop one writer window early: writers treat the run as able to delete until deadline + window.
      long deadline = announcedNanos + options.maxDuration().toNanos();
      // One verdict per object, whether it is loose, packed or both.
      Map<Digest, Boolean> won = new HashMap<>();
      long done = 0;
      int looseCount = candidates.size() - packed.values().stream().mapToInt(List::size).sum();
      for (StoredObject candidate : candidates.subList(0, looseCount)) {
        if (again.contains(candidate.digest())) {
          kept++;
        } else if (System.nanoTime() >= deadline) {
          left++;
        } else if (won.computeIfAbsent(candidate.digest(), d -> GcRecords.claim(store, id, d, GcRecords.DELETE))) {
          long freed = objects.remove(candidate);
          store.createIfAbsent(GcRecords.deletedKey(id, candidate.digest()), BlobSource.ofBytes(new byte[0]));
          if (freed > 0) {
            deleted++;
            deletedBytes += freed;
          }
        } else {
          kept++;
        }
        listener.progress(GcPhase.SWEEP, ++done, candidates.size());
      }
      // A pack at a time: claim its dead objects, rewrite it without those whose verdict stood,
      // and only then note them deleted (a writer waiting on the note then finds them gone). A
      // pack is started only a writer window or more before the deadline, so the rewrite ends
      // before writers stop treating the run as able to delete.
      long lastStart = deadline - options.writerWindow().toNanos();
      for (Map.Entry<Digest, List<StoredObject>> pack : packed.entrySet()) {
        Set<Digest> doomed = new HashSet<>();
        for (StoredObject candidate : pack.getValue()) {
          if (again.contains(candidate.digest())) {
            kept++;
          } else if (System.nanoTime() >= lastStart) {
            left++;
          } else if (won.computeIfAbsent(candidate.digest(), d -> GcRecords.claim(store, id, d, GcRecords.DELETE))) {
            doomed.add(candidate.digest());
          } else {
            kept++;
          }
          listener.progress(GcPhase.SWEEP, ++done, candidates.size());
        }
        if (doomed.isEmpty()) {
          continue;
        }
        RepackResult result = objects.repackMostlyDead(List.of(pack.getKey()), doomed::contains,
            options.repackDeadFraction());
        packsRewritten += result.packsRemoved();
        deleted += result.dropped().size();
        deletedBytes += result.bytesDropped();
        kept += doomed.size() - result.dropped().size();
        for (Digest digest : doomed) {
          // Also for an object the rewrite kept (its pack fell under the threshold): the note
          // says the run is done with it, and a waiting writer then finds it still stored.
          store.createIfAbsent(GcRecords.deletedKey(id, digest), BlobSource.ofBytes(new byte[0]));
        }
      }
      store.createIfAbsent(GcRecords.finishedKey(id), BlobSource.ofBytes(clock.instant().toString().getBytes(
          java.nio.charset.StandardCharsets.US_ASCII)));
    }
    GcSummary summary = new GcSummary(id, false, scanned, scannedBytes, reachable, candidates.size(), deleted,
        deletedBytes, kept, left, uploads[0], uploads[1], Duration.ofNanos(System.nanoTime() - began));
    if (deleted > 0 || uploads[0] > 0) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("run", id);
      details.put("objectsDeleted", Long.toString(deleted));
      details.put("bytesDeleted", Long.toString(deletedBytes));
      details.put("keptForWriters", Long.toString(kept));
      details.put("left", Long.toString(left));
      details.put("packsRewritten", Integer.toString(packsRewritten));
      details.put("uploadsDiscarded", Long.toString(uploads[0]));
      details.put("uploadBytes", Long.toString(uploads[1]));
      audit.append(AuditEventType.GARBAGE_COLLECTED, "objects", actor.get(), details);
    }
    listener.phase(GcPhase.CLEANUP);
    pruneRecords(options, id);
    LOG.info("{}", summary);
    return summary;
  }

  private long[] discardUploads(GcOptions options, Instant start, GcListener listener) {
    long[] result = {0, 0};
    if (!(store instanceof SupportsAbandonedUploads pending)) {
      return result;
    }
    listener.phase(GcPhase.UPLOADS);
    List<SupportsAbandonedUploads.PendingUpload> old = pending.pendingUploads(start.minus(options.uploadGracePeriod()));
    for (SupportsAbandonedUploads.PendingUpload upload : old) {
      if (options.dryRun() || pending.discard(upload)) {
        result[0]++;
        result[1] += upload.bytes();
      }
      listener.progress(GcPhase.UPLOADS, result[0], old.size());
    }
    return result;
  }

  private void waitUntil(long deadlineNanos, GcListener listener) {
    long total = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("Cannot collect garbage: interrupted while waiting for writers; nothing was deleted,"
            + " run the collection again", e);
      }
      listener.progress(GcPhase.WAIT, total - Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())), total);
    }
  }

  /** Removes the records of runs that ended (or expired) longer than the retention ago. */
  private void pruneRecords(GcOptions options, String current) {
    Instant now = clock.instant();
    for (BlobInfo info : store.listAll(GcRecords.RUNS).toList()) {
      String id = info.key().name();
      if (id.equals(current)) {
        continue;
      }
      GcRecords.Run run;
      try {
        run = GcRecords.readRun(store, info.key());
      } catch (BlobNotFoundException e) {
        continue; // another collection pruned it meanwhile
      }
      Instant ended = run.settledBy();
      try {
        ended = Instant.parse(new String(GcRecords.readBytes(store, GcRecords.finishedKey(id)),
            java.nio.charset.StandardCharsets.US_ASCII));
      } catch (BlobNotFoundException e) {
        // Never finished (killed): it ended at its deadline.
      }
      if (ended.plus(options.recordRetention()).isBefore(now)) {
        // The announcement goes first, so no writer starts consulting a half-removed run.
        store.delete(info.key());
        deleteAll(GcRecords.VERDICTS + id + "/");
        deleteAll(GcRecords.DELETED + id + "/");
        store.delete(GcRecords.candidatesKey(id));
        store.delete(GcRecords.finishedKey(id));
      }
    }
    // Candidates of runs killed before their announcement.
    for (BlobInfo info : store.listAll(GcRecords.CANDIDATES).toList()) {
      String id = info.key().name();
      if (!id.equals(current) && !store.exists(GcRecords.runKey(id)) && olderThan(id, options, now)) {
        store.delete(info.key());
        deleteAll(GcRecords.VERDICTS + id + "/");
        deleteAll(GcRecords.DELETED + id + "/");
      }
    }
  }

  private static boolean olderThan(String id, GcOptions options, Instant now) {
    int dash = id.indexOf('-');
    if (dash != 13) {
      return false;
    }
    Instant started = Instant.ofEpochMilli(Long.parseLong(id.substring(0, dash)));
    return started.plus(options.maxDuration()).plus(options.writerWindow()).plus(options.recordRetention()).isBefore(now);
  }

  private void deleteAll(String prefix) {
    for (BlobKey key : store.listAll(prefix).map(BlobInfo::key).toList()) {
      store.delete(key);
    }
  }
}
