package dev.pedigree.maintenance;

import dev.pedigree.exceptions.ContentCollectedException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The writer's half of garbage collection, run by every ref update just before it writes: it
 * makes sure each object the new value reaches is there and stays there.
 *
 * <p>It looks at the announced collection runs (a listing it reuses for at most a quarter of
 * the writer window). For a run still able to delete, every candidate of that run the new
 * value reaches is claimed with a {@code keep} verdict, created if absent; if the run's
 * {@code delete} verdict was there first, the update stops with
 * {@link ContentCollectedException} and the caller stores the content again once it is gone.
 * For a run that ended, each such candidate must still exist. If the whole check took more
 * than half the writer window, it starts over, so that the update lands within one writer
 * window of a listing that did not show a newer run: such a run reads the roots again only a
 * full window after its announcement, and sees this update.
 */
final class CollectionGuard implements RefStore.CommitCheck {
  private final BlobStore store;
  private final ObjectStore objects;
  private final Reachability reachability;
  private final Clock clock;
  private final long windowNanos;
  private final Map<String, GcRecords.Run> runs = new ConcurrentHashMap<>();
  private final Map<String, Set<Digest>> candidates = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot;

  /** The runs seen by one listing, and when that listing began. */
  private record Snapshot(long listedAt, List<GcRecords.Run> runs, Set<String> finished) {
  }

  CollectionGuard(BlobStore store, ObjectStore objects, Reachability reachability, Clock clock, Duration writerWindow) {
    this.store = store;
    this.objects = objects;
    this.reachability = reachability;
    this.clock = clock;
    this.windowNanos = writerWindow.toNanos();
  }

  @Override
  public void beforeCommit(RefName name, Optional<Digest> value) {
    if (value.isEmpty()) {
      return;
    }
    while (true) {
      Snapshot seen = snapshot(windowNanos / 4);
      Set<Digest> reached = null;
      // Each object to look for, with the run that made it doubtful; looked for together below.
      Map<Digest, GcRecords.Run> doubtful = new LinkedHashMap<>();
      for (GcRecords.Run run : seen.runs()) {
        Set<Digest> doomed = candidates.computeIfAbsent(run.id(), id -> GcRecords.readCandidates(store, id));
        if (doomed.isEmpty()) {
          continue;
        }
        if (reached == null) {
          reached = reachability.reachedBy(name, value.get());
        }
        boolean active = !seen.finished().contains(run.id()) && clock.instant().isBefore(run.settledBy());
        // A run that ended deletes nothing more: what it deleted is absent, what is present stays.
        for (Digest digest : reached) {
          if (!doomed.contains(digest)) {
            continue;
          }
          if (active && !GcRecords.claim(store, run.id(), digest, GcRecords.KEEP)) {
            // The run claimed it first: wait until it has deleted it; if stored again since, it stays.
            awaitDeleted(run, digest);
          }
          doubtful.putIfAbsent(digest, run);
        }
      }
      // Read afresh (packs included): a pack the run rewrote may still be in this process's memory.
      List<Digest> missing = objects.missingNow(doubtful.keySet());
      if (!missing.isEmpty()) {
        Digest digest = missing.get(0);
        GcRecords.Run run = doubtful.get(digest);
        throw new ContentCollectedException(digest.toString(), run.id(), run.settledBy(), "Cannot update ref '"
            + name + "': object " + digest + " it refers to was claimed by garbage collection run " + run.id()
            + ", which found nothing referring to it; store the content again and retry (the registry does)");
      }
      if (System.nanoTime() - seen.listedAt() < windowNanos / 2) {
        return;
      }
      snapshot = null; // too slow: look again, so the commit follows a recent look
    }
  }

  private void awaitDeleted(GcRecords.Run run, Digest digest) {
    BlobKey deleted = GcRecords.deletedKey(run.id(), digest);
    long pause = 2;
    while (!store.exists(deleted) && clock.instant().isBefore(run.settledBy())) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContentCollectedException(digest.toString(), run.id(), run.settledBy(), "Cannot refer to object "
            + digest + ": interrupted while garbage collection run " + run.id() + " deletes it; retry");
      }
      pause = Math.min(pause * 2, 100);
    }
  }

  private Snapshot snapshot(long maxAgeNanos) {
    Snapshot current = snapshot;
    long now = System.nanoTime();
    if (current != null && now - current.listedAt() < maxAgeNanos) {
      return current;
    }
    List<GcRecords.Run> announced = store.listAll(GcRecords.RUNS).map(BlobInfo::key)
        .map(key -> runs.computeIfAbsent(key.name(), id -> GcRecords.readRun(store, key))).toList();
    Set<String> finished = announced.isEmpty() ? Set.of()
        : store.listAll(GcRecords.FINISHED).map(BlobInfo::key).map(BlobKey::name).collect(Collectors.toSet());
    runs.keySet().retainAll(announced.stream().map(GcRecords.Run::id).toList());
    candidates.keySet().retainAll(runs.keySet());
    Snapshot fresh = new Snapshot(now, announced, finished);
    snapshot = fresh;
    return fresh;
  }
}
