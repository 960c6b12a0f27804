package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 2, no lost update: writers in two child JVMs and in threads of this JVM race on one
 * ref in one local folder, each through its own store instance. Afterwards every update a
 * writer saw succeed is in the ref's log exactly once, at the entry number it was told, each
 * entry's previous value is the value of the entry before it, each writer's updates are in its
 * own order, and nothing that was not committed is there.
 */
class RefRaceAcrossProcessesTest {
  static final int PROCESSES = 2;
  static final int THREADS = 4;
  static final int UPDATES_PER_WRITER = 40;
  static final RefName REF = RefName.of("race/one");

  @TempDir
  Path temp;

  @Test
  void updatesFromProcessesAndThreadsAreNeverLost() throws Exception {
    Path root = Files.createDirectory(temp.resolve("store"));
    Path go = temp.resolve("go");
    Map<String, Path> results = new LinkedHashMap<>();
    List<ChildJvm> children = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      String writer = "process-" + p;
      Path result = temp.resolve(writer + ".txt");
      results.put(writer, result);
      children.add(ChildJvm.start(RefRaceWorker.class, ChildJvm.QUICK, temp.resolve(writer + ".log"),
          root.toUri().toString(), REF.value(), writer, String.valueOf(UPDATES_PER_WRITER),
          temp.resolve(writer + ".ready").toString(), go.toString(), result.toString()));
    }
    for (int p = 0; p < PROCESSES; p++) {
      children.get(p).awaitFile(temp.resolve("process-" + p + ".ready"));
    }

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> threads = new ArrayList<>();
    try {
      Files.createFile(go);
      for (int t = 0; t < THREADS; t++) {
        String writer = "thread-" + t;
        Path result = temp.resolve(writer + ".txt");
        results.put(writer, result);
        threads.add(pool.submit(() -> {
          try (FileBlobStore store = new FileBlobStore(root)) {
            return RefRaceWorker.run(store, REF, writer, UPDATES_PER_WRITER, result);
          }
        }));
      }
      for (Future<Integer> thread : threads) {
        thread.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (ChildJvm child : children) {
      child.awaitSuccess();
    }

    try (FileBlobStore store = new FileBlobStore(root)) {
      assertEveryCommitOnceInOrder(new RefStore(store), new ObjectStore(store), results);
    }
  }

  private static void assertEveryCommitOnceInOrder(RefStore refs, ObjectStore objects, Map<String, Path> results)
      throws Exception {
    List<RefEntry> log = new ArrayList<>(refs.history(REF).toList());
    Collections.reverse(log);
    assertThat(log).as("entries in the log").hasSize((PROCESSES + THREADS) * UPDATES_PER_WRITER);

    Map<Digest, RefEntry> byValue = new HashMap<>();
    Optional<Digest> previous = Optional.empty();
    for (int i = 0; i < log.size(); i++) {
      RefEntry entry = log.get(i);
      assertThat(entry.sequence()).as("entry numbers have no gap").isEqualTo(i + 1L);
      assertThat(entry.previous()).as("entry %d starts from the value of entry %d", i + 1, i).isEqualTo(previous);
      Digest value = entry.value().orElseThrow();
      assertThat(byValue.put(value, entry)).as("%s is in the log once", value).isNull();
      assertThat(objects.contains(value)).as("the object of entry %d exists", i + 1).isTrue();
      previous = entry.value();
    }
    assertThat(refs.read(REF)).isEqualTo(previous);

    int committed = 0;
    for (Map.Entry<String, Path> writer : results.entrySet()) {
      List<String> lines = Files.readAllLines(writer.getValue(), StandardCharsets.UTF_8);
      assertThat(lines).as("updates %s committed", writer.getKey()).hasSize(UPDATES_PER_WRITER);
      long lastSequence = 0;
      for (int i = 0; i < lines.size(); i++) {
        String[] parts = lines.get(i).split(" ");
        long sequence = Long.parseLong(parts[0]);
        Digest value = Digest.parse(parts[1]);
        assertThat(value).isEqualTo(Digest.of(RefRaceWorker.content(writer.getKey(), i)));
        RefEntry entry = byValue.get(value);
        assertThat(entry).as("update %d of %s is in the log", i, writer.getKey()).isNotNull();
        assertThat(entry.sequence()).as("the entry number %s was told", writer.getKey()).isEqualTo(sequence);
        assertThat(entry.actor()).isEqualTo(writer.getKey());
        assertThat(sequence).as("%s's updates keep their order", writer.getKey()).isGreaterThan(lastSequence);
        lastSequence = sequence;
        committed++;
      }
    }
    assertThat(committed).as("every entry in the log is a commit some writer saw").isEqualTo(log.size());
  }
}
