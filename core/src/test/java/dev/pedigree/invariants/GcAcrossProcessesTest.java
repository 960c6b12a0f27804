package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.GoneException;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcSummary;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection on a folder store while writer threads in this JVM and in a second JVM
 * keep registering versions whose content was just deleted, round after round: afterwards
 * every version not deleted reads back verified, verify() finds nothing and nothing
 * unreferenced is left. Rounds: {@code pedigree.lifecycle.rounds} (default 5).
 */
class GcAcrossProcessesTest {
  @TempDir
  Path folder;

  @Test
  void writersInTwoProcessesNeverLoseContentToCollection() throws Exception {
    int rounds = Integer.getInteger("pedigree.lifecycle.rounds", 5);
    Path root = folder.resolve("store");
    Path stop = folder.resolve("stop");
    ByteArrayOutputStream ownLog = new ByteArrayOutputStream();
    PrintStream own = new PrintStream(ownLog, true, StandardCharsets.UTF_8);
    try (FileBlobStore store = new FileBlobStore(root);
        Repository repo = Repository.builder(store).actor("parent").writerWindow(GcWriterWorker.WINDOW).build()) {
      ChildJvm child = ChildJvm.start(GcWriterWorker.class, ChildJvm.QUICK, folder.resolve("child.log"),
          root.toString(), "child", "2", stop.toString());
      AtomicBoolean stopOwn = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        String artifact = "parent-" + t;
        Thread writer = new Thread(() -> GcWriterWorker.write(repo, artifact, stopOwn::get, own));
        writers.add(writer);
        writer.start();
      }
      List<GcSummary> summaries = new ArrayList<>();
      GcOptions options = GcOptions.builder().writerWindow(GcWriterWorker.WINDOW).build();
      try {
        child.awaitLines("live ", 3);
        for (int round = 0; round < rounds; round++) {
          long seen = lines(child.output(), ownLog);
          long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
          while (lines(child.output(), ownLog) < seen + 8 && System.nanoTime() < giveUp && child.process().isAlive()) {
            Thread.sleep(20);
          }
          summaries.add(repo.maintenance().gc(options));
        }
      } finally {
        Files.createFile(stop);
        stopOwn.set(true);
        for (Thread writer : writers) {
          writer.join(TimeUnit.MINUTES.toMillis(2));
        }
      }
      child.awaitSuccess();
      long before = objectBytes(store);
      summaries.add(repo.maintenance().gc(options));

      Map<VersionId, Integer> live = new HashMap<>();
      List<VersionId> deleted = new ArrayList<>();
      for (String line : (child.output() + ownLog.toString(StandardCharsets.UTF_8)).split("\n")) {
        String[] parts = line.trim().split(" ");
        if (parts[0].equals("live")) {
          live.put(new VersionId(parts[1], Integer.parseInt(parts[2])), Integer.parseInt(parts[3]));
        } else if (parts[0].equals("deleted")) {
          VersionId id = new VersionId(parts[1], Integer.parseInt(parts[2]));
          live.remove(id);
          deleted.add(id);
        }
      }
      assertThat(live).hasSize(4);
      for (Map.Entry<VersionId, Integer> version : live.entrySet()) {
        try (InputStream in = repo.artifacts().open(repo.artifacts().version(version.getKey()))) {
          assertThat(in.readAllBytes()).as("%s reads back verified", version.getKey())
              .isEqualTo(GcWriterWorker.payload(version.getKey().artifact(), version.getValue()));
        }
      }
      for (VersionId id : deleted) {
        assertThatThrownBy(() -> repo.artifacts().version(id)).isInstanceOf(GoneException.class);
      }
      assertThat(repo.verify(dev.pedigree.VerifyOptions.full()).problems()).as("the full check").isEmpty();
      assertThat(repo.maintenance().gc(GcOptions.builder().dryRun().build()).candidates())
          .as("nothing unreferenced is left").isZero();
      long objects = summaries.stream().mapToLong(GcSummary::objectsDeleted).sum();
      assertThat(objects).isPositive();
      System.out.printf("GC across processes: %d rounds, 4 writers in 2 JVMs, %d versions registered, %d deleted;"
          + " GC deleted %d objects (%d bytes), kept %d for writers; objects %d bytes before the last round, %d after%n",
          summaries.size(), live.size() + deleted.size(), deleted.size(), objects,
          summaries.stream().mapToLong(GcSummary::bytesDeleted).sum(),
          summaries.stream().mapToLong(GcSummary::keptForWriters).sum(), before, objectBytes(store));
    }
  }

  private static long lines(String childOutput, ByteArrayOutputStream own) {
    return childOutput.lines().count() + own.toString(StandardCharsets.UTF_8).lines().count();
  }

  private static long objectBytes(FileBlobStore store) {
    return store.listAll("objects/").mapToLong(BlobInfo::size).sum();
  }
}
