package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3, crash safety: child JVMs that ingest objects and move refs are killed with
 * SIGKILL at random moments, {@value #KILLS} times, on one local store. After every kill, every
 * key in the store is an object or a ref log entry (no temporary file is visible), every object
 * verifies, and every ref's whole log names objects that exist, its current value verifying
 * down to each file of a directory manifest.
 *
 * <p>The kill moments come from a seed printed at the start; set {@code -Dpedigree.crash.seed}
 * to replay a run.
 */
class CrashSafetyTest {
  static final int KILLS = 50;
  static final int WORKERS = 2;
  static final Pattern OBJECT_KEY = Pattern.compile("objects/[0-9a-f]{2}/[0-9a-f]{62}");
  static final Pattern REF_KEY = Pattern.compile("refs/(.+)/@log/[0-9]{19}");
  /** A pack, or its index; a pack may lack its index after a kill between the two, never the reverse. */
  static final Pattern PACK_KEY = Pattern.compile("packs/([0-9a-f]{64})\\.(pack|idx)");
  static final byte[] MANIFEST_START = ("{\"format\":\"" + Manifest.FORMAT + "\"").getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  @Test
  void killingAWriterAtAnyMomentLeavesAVerifiableStore() throws Exception {
    long seed = Long.getLong("pedigree.crash.seed", System.nanoTime());
    System.out.println("CrashSafetyTest seed: " + seed + " (replay with -Dpedigree.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path root = Files.createDirectory(temp.resolve("store"));
    Set<Digest> verified = new HashSet<>();
    Map<RefName, Long> checkedEntries = new HashMap<>();
    int stepsSeen = 0;

    // Two workers at a time, killed in turn: one is killed while the other keeps writing, and
    // the store is checked with that other writer still running, as any reader would see it.
    ChildJvm[] workers = new ChildJvm[WORKERS];
    Path[] ready = new Path[WORKERS];
    int started = 0;
    for (int slot = 0; slot < WORKERS; slot++) {
      ready[slot] = temp.resolve("ready-" + started);
      workers[slot] = startWorker(root, started++, random.nextLong(), ready[slot]);
    }
    for (int kill = 0; kill < KILLS; kill++) {
      int slot = kill % WORKERS;
      ChildJvm worker = workers[slot];
      worker.awaitFile(ready[slot]);
      // A random moment: after a random number of completed steps, plus a random delay into the next ones.
      worker.awaitLines("step ", random.nextInt(0, 3));
      Thread.sleep(random.nextInt(0, 150));
      assertThat(worker.process().isAlive()).as("worker still working when killed; its output:%n%s", worker.output())
          .isTrue();
      worker.process().destroyForcibly();
      worker.process().waitFor();
      stepsSeen += (int) worker.output().lines().filter(line -> line.startsWith("step ")).count();
      if (started < KILLS) {
        ready[slot] = temp.resolve("ready-" + started);
        workers[slot] = startWorker(root, started++, random.nextLong(), ready[slot]);
      }

      try (FileBlobStore store = new FileBlobStore(root)) {
        assertConsistent(store, verified, checkedEntries, kill);
      }
    }

    try (FileBlobStore store = new FileBlobStore(root)) {
      assertConsistent(store, new HashSet<>(), new HashMap<>(), KILLS);
      RefStore refs = new RefStore(store);
      long entries = refs.list("crash/").mapToLong(ref -> refs.history(ref).count()).sum();
      // A kill during a write leaves its staged file behind (a later open deletes it once stale).
      System.out.println("CrashSafetyTest: " + KILLS + " kills (" + countFiles(root.resolve(FileBlobStore.STAGING_FOLDER))
          + " staged files left behind by kills mid-write), " + stepsSeen + " completed steps reported, " + entries + " ref entries, " + new ObjectStore(store).list().count()
          + " objects");
      assertThat(entries).as("the workers committed ref updates between kills").isPositive();
    }
  }

  private ChildJvm startWorker(Path root, int number, long seed, Path ready) throws Exception {
    return ChildJvm.start(CrashWorker.class, ChildJvm.QUICK, temp.resolve("worker-" + number + ".log"),
        root.toUri().toString(), temp.resolve("scratch-" + number).toString(), String.valueOf(seed), ready.toString());
  }

  /**
   * Checks the whole store after a kill. Objects already verified and log entries already
   * checked are immutable, so they are not checked again; pass empty collections to check all.
   */
  private static void assertConsistent(FileBlobStore store, Set<Digest> verified, Map<RefName, Long> checkedEntries,
      int kill) throws IOException {
    ObjectStore objects = new ObjectStore(store);
    RefStore refs = new RefStore(store);
    try (Stream<BlobInfo> keys = store.listAll("")) {
      for (BlobInfo info : (Iterable<BlobInfo>) keys::iterator) {
        String key = info.key().value();
        java.util.regex.Matcher pack = PACK_KEY.matcher(key);
        assertThat(OBJECT_KEY.matcher(key).matches() || REF_KEY.matcher(key).matches() || pack.matches())
            .as("after kill %d, key '%s' is an object, a pack or a ref log entry, not a temporary file", kill, key).isTrue();
        if (pack.matches() && pack.group(2).equals("idx")) {
          assertThat(store.exists(dev.pedigree.storage.BlobKey.of("packs/" + pack.group(1) + ".pack")))
              .as("after kill %d, index '%s' has its pack", kill, key).isTrue();
        }
      }
    }
    List<Digest> listed = objects.list().toList();
    for (Digest digest : listed) {
      if (verified.add(digest)) {
        objects.verify(digest);
      }
    }
    List<RefName> names = refs.list("").toList();
    for (RefName name : names) {
      long checked = checkedEntries.getOrDefault(name, 0L);
      List<RefEntry> newEntries = refs.history(name).takeWhile(entry -> entry.sequence() > checked).toList();
      if (!newEntries.isEmpty()) {
        checkedEntries.put(name, newEntries.get(0).sequence());
      }
      for (RefEntry entry : newEntries) {
        entry.value().ifPresent(value -> assertThat(objects.contains(value))
            .as("after kill %d, entry %d of %s names an object that exists", kill, entry.sequence(), name).isTrue());
      }
      Optional<Digest> current = refs.read(name);
      if (current.isPresent()) {
        objects.verify(current.get());
        Optional<Manifest> manifest = manifestOf(objects, current.get());
        if (manifest.isPresent()) {
          for (ManifestEntry file : manifest.get().entries()) {
            assertThat(objects.contains(file.digest()))
                .as("after kill %d, file %s of %s's manifest exists", kill, file.path(), name).isTrue();
            assertThat(objects.size(file.digest())).isEqualTo(file.size());
            objects.verify(file.digest());
          }
        }
      }
    }
  }

  private static long countFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  private static Optional<Manifest> manifestOf(ObjectStore objects, Digest digest) throws IOException {
    byte[] start;
    try (InputStream in = objects.open(digest)) {
      start = in.readNBytes(MANIFEST_START.length);
    }
    if (!java.util.Arrays.equals(start, MANIFEST_START)) {
      return Optional.empty();
    }
    try {
      return Optional.of(objects.readManifest(digest));
    } catch (InvalidManifestException e) {
      throw new AssertionError("object " + digest + " starts like a manifest but is not one", e);
    }
  }
}
