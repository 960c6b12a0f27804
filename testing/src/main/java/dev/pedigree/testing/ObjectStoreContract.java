package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.IntegrityException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.objects.PackSummary;
import dev.pedigree.objects.RepackResult;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How objects must behave on every backend, loose and packed: a directory's small files go to
 * packs that cost a few writes, every object reads back verified wherever it lies, dedup holds
 * across packs and loose objects and across writers, a pack without its index is invisible, a
 * repack keeps exactly what it is told to, and a store written before packs reads as before.
 * A backend's test subclasses it in a few lines:
 *
 * <pre>{@code
 * class S3ObjectStoreContractTest extends ObjectStoreContract {
 *   @Override protected BlobStore newStore() { return new S3BlobStore(client, bucket, "objects/" + UUID.randomUUID()); }
 * }
 * }</pre>
 */
public abstract class ObjectStoreContract {
  private BlobStore store;
  private ObjectStore objects;

  /** A folder for the local files each test ingests. */
  @TempDir
  protected Path temp;

  /** Lets subclasses be created by JUnit. */
  protected ObjectStoreContract() {
  }

  /**
   * Returns a fresh, empty store for one test.
   *
   * @return the store
   * @throws Exception if it cannot be made
   */
  protected abstract BlobStore newStore() throws Exception;

  /**
   * Returns how many small files the large-directory test ingests; at least 1,000, where a
   * directory ingest lists the loose objects once instead of asking for each.
   *
   * @return the file count, 1,200 unless overridden
   */
  protected int manyFiles() {
    return 1200;
  }

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    objects = new ObjectStore(store);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aDirectoryOfSmallFilesCostsAFewWritesAndReadsBackVerified() throws IOException {
    Path source = temp.resolve("many");
    List<byte[]> contents = writeFiles(source, manyFiles(), 1);

    DirectorySnapshot snapshot = objects.ingestDirectory(source);

    assertThat(snapshot.manifest().entries()).hasSize(contents.size());
    List<PackSummary> packs = objects.packs();
    assertThat(packs).as("one pack holds every small file").hasSize(1);
    assertThat(packs.get(0).objects()).isEqualTo(contents.size());
    assertThat(keys("")).as("a pack, its index and the manifest: three keys for %d files", contents.size())
        .containsExactlyInAnyOrder("packs/" + packs.get(0).name().hex() + ".pack",
            "packs/" + packs.get(0).name().hex() + ".idx", ObjectStore.keyOf(snapshot.digest()).value());

    ObjectStore reader = new ObjectStore(store);
    Path target = temp.resolve("checkout");
    reader.checkout(snapshot.digest(), target);
    for (int i = 0; i < contents.size(); i++) {
      assertThat(Files.readAllBytes(target.resolve(name(i)))).as(name(i)).isEqualTo(contents.get(i));
    }
    assertThat(reader.list().collect(Collectors.toSet())).hasSize(contents.size() + 1)
        .contains(snapshot.digest());
  }

  @Test
  void aLargeFileStaysLooseNextToPackedSmallOnes() throws IOException {
    Path source = Files.createDirectories(temp.resolve("mixed"));
    byte[] large = new byte[ObjectStore.PACKED_OBJECT_LIMIT + 1];
    new Random(3).nextBytes(large);
    Files.write(source.resolve("large.bin"), large);
    Files.writeString(source.resolve("small.txt"), "small");

    DirectorySnapshot snapshot = objects.ingestDirectory(source);

    Digest largeDigest = snapshot.manifest().entry("large.bin").orElseThrow().digest();
    assertThat(store.exists(ObjectStore.keyOf(largeDigest))).as("the large file is loose").isTrue();
    assertThat(objects.packs()).singleElement().extracting(PackSummary::objects).isEqualTo(1);
    assertThat(objects.size(largeDigest)).isEqualTo(large.length);
    assertThat(objects.readAllBytes(snapshot.manifest().entry("small.txt").orElseThrow().digest()))
        .isEqualTo("small".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dedupHoldsAcrossLooseAndPackedObjectsAndAcrossWriters() throws IOException {
    Path first = Files.createDirectories(temp.resolve("first"));
    Files.writeString(first.resolve("shared.txt"), "shared content");
    Files.writeString(first.resolve("only-first.txt"), "first");
    Digest loose = objects.put("loose already".getBytes(StandardCharsets.UTF_8));
    Files.writeString(first.resolve("was-loose.txt"), "loose already");

    objects.ingestDirectory(first);
    PackSummary pack = objects.packs().get(0);
    assertThat(pack.objects()).as("the loose object is not packed again").isEqualTo(2);

    // Another writer (its own view of the packs) stores the same content: nothing new is written.
    ObjectStore other = new ObjectStore(store);
    Set<String> before = keys("");
    assertThat(other.put("shared content".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Digest.of("shared content".getBytes(StandardCharsets.UTF_8)));
    Path second = Files.createDirectories(temp.resolve("second"));
    Files.writeString(second.resolve("again.txt"), "shared content");
    Files.writeString(second.resolve("loose.txt"), "loose already");
    DirectorySnapshot again = other.ingestDirectory(second);
    Set<String> added = keys("");
    added.removeAll(before);
    assertThat(added).as("only the new manifest").containsExactly(ObjectStore.keyOf(again.digest()).value());
    assertThat(objects.contains(loose)).isTrue();
  }

  @Test
  void aPackedObjectThatChangedIsDetectedOnRead() throws IOException {
    Path source = Files.createDirectories(temp.resolve("one"));
    Files.writeString(source.resolve("a.txt"), "alpha bravo charlie");
    Digest digest = objects.ingestDirectory(source).manifest().entry("a.txt").orElseThrow().digest();
    BlobKey pack = BlobKey.of("packs/" + objects.packs().get(0).name().hex() + ".pack");
    byte[] bytes = read(pack);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("bravo");
    bytes[at] = 'B';
    store.write(pack, BlobSource.ofBytes(bytes));

    assertThatThrownBy(() -> new ObjectStore(store).readAllBytes(digest))
        .isInstanceOf(IntegrityException.class).hasMessageContaining(digest.toString());
  }

  @Test
  void aPackWithoutItsIndexIsInvisibleUntilTheIndexIsPublished() throws IOException {
    Path source = Files.createDirectories(temp.resolve("crash"));
    Files.writeString(source.resolve("a.txt"), "written before a crash");
    objects.ingestDirectory(source);
    PackSummary pack = objects.packs().get(0);
    BlobKey index = BlobKey.of("packs/" + pack.name().hex() + ".idx");
    byte[] indexBytes = read(index);
    // A writer killed between publishing the pack and its index leaves this.
    store.delete(index);
    Digest digest = Digest.of("written before a crash".getBytes(StandardCharsets.UTF_8));

    ObjectStore fresh = new ObjectStore(store);
    assertThat(fresh.contains(digest)).isFalse();
    assertThat(fresh.packs()).isEmpty();
    assertThatThrownBy(() -> fresh.open(digest)).isInstanceOf(ObjectNotFoundException.class);

    store.createIfAbsent(index, BlobSource.ofBytes(indexBytes));
    assertThat(fresh.contains(digest)).as("found once the index appears, without reopening").isTrue();
    assertThat(fresh.readAllBytes(digest)).isEqualTo("written before a crash".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void repackKeepsWhatItIsToldToAndDeletesTheOldPacks() throws IOException {
    Path live = Files.createDirectories(temp.resolve("live"));
    Path dead = Files.createDirectories(temp.resolve("dead"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(live.resolve("l" + i), "live " + i);
      Files.writeString(dead.resolve("d" + i), "dead " + i);
    }
    DirectorySnapshot kept = objects.ingestDirectory(live);
    DirectorySnapshot dropped = objects.ingestDirectory(dead);
    List<PackSummary> before = objects.packs();
    assertThat(before).hasSize(2);
    Set<Digest> keep = new HashSet<>();
    kept.manifest().entries().forEach(e -> keep.add(e.digest()));
    ObjectStore reader = new ObjectStore(store);
    reader.readAllBytes(kept.manifest().entries().get(0).digest()); // caches the old pack list

    RepackResult result = objects.repack(before.stream().map(PackSummary::name).toList(), keep::contains);

    assertThat(result.packsRemoved()).isEqualTo(2);
    assertThat(result.objectsKept()).isEqualTo(20);
    assertThat(result.dropped()).hasSize(20);
    List<PackSummary> after = objects.packs();
    assertThat(after).singleElement().extracting(PackSummary::objects).isEqualTo(20);
    for (ManifestEntry entry : kept.manifest().entries()) {
      assertThat(reader.readAllBytes(entry.digest())).as("read through a stale pack list").isNotEmpty();
    }
    for (ManifestEntry entry : dropped.manifest().entries()) {
      assertThat(objects.contains(entry.digest())).isFalse();
    }
    assertThat(keys("packs/")).hasSize(2);
  }

  @Test
  void onlyMostlyDeadPacksAreRewritten() throws IOException {
    Path mostlyDead = Files.createDirectories(temp.resolve("mostly-dead"));
    Path mostlyLive = Files.createDirectories(temp.resolve("mostly-live"));
    for (int i = 0; i < 10; i++) {
      Files.writeString(mostlyDead.resolve("f" + i), "in the first pack " + i);
      Files.writeString(mostlyLive.resolve("f" + i), "in the second pack " + i);
    }
    DirectorySnapshot first = objects.ingestDirectory(mostlyDead);
    DirectorySnapshot second = objects.ingestDirectory(mostlyLive);
    Set<Digest> dead = new HashSet<>();
    first.manifest().entries().stream().skip(1).forEach(e -> dead.add(e.digest()));   // 9 of 10 dead
    dead.add(second.manifest().entries().get(0).digest());                           // 1 of 10 dead

    List<Digest> among = objects.packs().stream().map(PackSummary::name).toList();
    ObjectStore stale = new ObjectStore(store);
    stale.readAllBytes(first.manifest().entries().get(1).digest()); // caches the pack list before the rewrite

    RepackResult result = objects.repackMostlyDead(among, dead::contains, 0.5);

    assertThat(result.packsRemoved()).isEqualTo(1);
    assertThat(result.dropped()).hasSize(9).doesNotContain(second.manifest().entries().get(0).digest());
    assertThat(objects.contains(first.manifest().entries().get(0).digest())).as("the live one moved").isTrue();
    assertThat(objects.contains(second.manifest().entries().get(0).digest()))
        .as("dead, but in a pack that is mostly live, so still stored").isTrue();
    for (Digest gone : result.dropped()) {
      assertThat(objects.contains(gone)).isFalse();
    }
    assertThat(objects.packs()).hasSize(2);
    List<Digest> asked = List.of(first.manifest().entries().get(0).digest(), first.manifest().entries().get(1).digest());
    assertThat(stale.missingNow(asked)).as("read afresh, a client that cached the old pack sees the drop")
        .containsExactly(first.manifest().entries().get(1).digest());
    assertThat(objects.repackMostlyDead(among, dead::contains, 0.5).packsRemoved())
        .as("packs rewritten already are skipped").isZero();
  }

  @Test
  void aStoreWrittenBeforePacksReadsAsBefore() throws IOException {
    byte[] content = "an object from before packs".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.of(content);
    store.createIfAbsent(ObjectStore.keyOf(digest), BlobSource.ofBytes(content));

    assertThat(objects.contains(digest)).isTrue();
    assertThat(objects.size(digest)).isEqualTo(content.length);
    assertThat(objects.readAllBytes(digest)).isEqualTo(content);
    assertThat(objects.list()).containsExactly(digest);
    assertThat(objects.packs()).isEmpty();
  }

  @Test
  void writersIngestingAtOnceNeverClash() throws Exception {
    int writers = 4;
    List<Path> sources = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Path source = Files.createDirectories(temp.resolve("writer-" + w));
      for (int i = 0; i < 50; i++) {
        // Half the files are the same for every writer.
        Files.writeString(source.resolve("f" + i), i % 2 == 0 ? "common " + i : "writer " + w + " file " + i);
      }
      sources.add(source);
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<DirectorySnapshot>> futures = new ArrayList<>();
      for (Path source : sources) {
        futures.add(pool.submit(() -> new ObjectStore(store).ingestDirectory(source)));
      }
      ObjectStore reader = new ObjectStore(store);
      for (int w = 0; w < writers; w++) {
        DirectorySnapshot snapshot = futures.get(w).get();
        Path target = temp.resolve("out-" + w);
        reader.checkout(snapshot.digest(), target);
        for (int i = 0; i < 50; i++) {
          assertThat(Files.readString(target.resolve("f" + i)))
              .isEqualTo(i % 2 == 0 ? "common " + i : "writer " + w + " file " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<byte[]> writeFiles(Path root, int count, long seed) throws IOException {
    Random random = new Random(seed);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] content = new byte[1 + random.nextInt(2048)];
      random.nextBytes(content);
      Path file = root.resolve(name(i));
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      contents.add(content);
    }
    return contents;
  }

  private static String name(int i) {
    return String.format("d%02d/f%05d.bin", i / 100, i);
  }

  private Set<String> keys(String prefix) {
    return store.listAll(prefix).map(BlobInfo::key).map(BlobKey::value).collect(Collectors.toCollection(HashSet::new));
  }

  private byte[] read(BlobKey key) throws IOException {
    try (InputStream in = store.read(key)) {
      return in.readAllBytes();
    }
  }
}
