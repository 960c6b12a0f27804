package dev.pedigree.storage.gcs.testserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bucket of the test server: the live generation of each object, in name order. Every
 * change happens under the bucket's lock, so a precondition is checked and the write done as
 * one step, as GCS does.
 */
final class TestBucket {
  private final String name;
  private final Path dir;
  private final AtomicLong generations;
  private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();

  TestBucket(String name, Path dir, AtomicLong generations) {
    this.name = name;
    this.dir = dir;
    this.generations = generations;
  }

  String name() {
    return name;
  }

  Path dir() {
    return dir;
  }

  StoredObject get(String objectName) {
    return objects.get(objectName);
  }

  /** Objects in name order; a weakly consistent view that never blocks writers. */
  NavigableMap<String, StoredObject> objects() {
    return objects;
  }

  /**
   * Makes staged content the object's new live generation if the preconditions hold, atomically.
   *
   * @throws GcsError 412 if a precondition fails (the staged content is discarded)
   */
  StoredObject commit(String objectName, StagedContent content, String contentType, Map<String, String> metadata,
      Preconditions preconditions) {
    StoredObject replaced;
    StoredObject created;
    synchronized (this) {
      replaced = objects.get(objectName);
      try {
        preconditions.checkWrite(replaced);
      } catch (GcsError e) {
        content.discard();
        throw e;
      }
      long generation = generations.incrementAndGet();
      Path target = dir.resolve(generation + ".bin");
      try {
        Files.move(content.file(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      created = new StoredObject(objectName, generation, 1, content.size(), content.md5Base64(), content.crc32cBase64(),
          contentType, metadata, Instant.now(), target);
      objects.put(objectName, created);
    }
    deleteFile(replaced);
    return created;
  }

  /**
   * Deletes the object's live generation if the preconditions hold.
   *
   * @throws GcsError 404 if there is none, 412 if a precondition fails
   */
  void delete(String objectName, Long generation, Preconditions preconditions) {
    StoredObject removed;
    synchronized (this) {
      removed = objects.get(objectName);
      if (removed == null || (generation != null && removed.generation() != generation)) {
        throw GcsError.notFound("No such object: " + name + "/" + objectName);
      }
      preconditions.checkWrite(removed);
      objects.remove(objectName);
    }
    deleteFile(removed);
  }

  private static void deleteFile(StoredObject object) {
    if (object != null) {
      try {
        Files.deleteIfExists(object.file());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
