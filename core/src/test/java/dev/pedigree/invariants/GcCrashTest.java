package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.maintenance.GcOptions;
import dev.pedigree.maintenance.GcSummary;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.FileBlobStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a garbage collector at random points, again and again, while the store keeps
 * gaining garbage (versions deleted, their content registered again later): after every kill
 * each version not deleted reads back verified and verify() finds nothing; a last collection
 * finishes the job (nothing unreferenced left, the killed runs' records expired). Kills:
 * {@code pedigree.lifecycle.kills} (default 12).
 */
class GcCrashTest {
  @TempDir
  Path folder;

  @Test
  void killingTheCollectorAnywhereLeavesTheStoreConsistent() throws Exception {
    int kills = Integer.getInteger("pedigree.lifecycle.kills", 12);
    Path root = folder.resolve("store");
    SplittableRandom random = new SplittableRandom(11);
    Map<String, Integer> phases = new TreeMap<>();
    try (FileBlobStore store = new FileBlobStore(root);
        Repository repo = Repository.builder(store).actor("writer").writerWindow(GcCrashWorker.WINDOW).build()) {
      List<ArtifactVersion> live = new ArrayList<>();
      int registered = 0;
      for (int kill = 0; kill < kills; kill++) {
        // Fresh garbage: new versions, half of them reusing content deleted earlier, and deletions.
        for (int i = 0; i < 12; i++) {
          live.add(repo.artifacts().register(NewVersion.of("model", ArtifactKind.MODEL)
              .bytes(GcWriterWorker.payload("model", random.nextInt(30))).build()));
          registered++;
        }
        while (live.size() > 4) {
          repo.artifacts().delete(live.remove(random.nextInt(live.size() - 1)).id(), "superseded");
        }
        ChildJvm child = ChildJvm.start(GcCrashWorker.class, ChildJvm.QUICK, folder.resolve("gc-" + kill + ".log"),
            root.toString());
        // Strike after a random number of phases (across two runs) and a little more.
        child.awaitLines("phase ", 1 + random.nextInt(16));
        Thread.sleep(random.nextInt(300));
        String at = lastProgress(child.output());
        child.process().destroyForcibly().waitFor();
        phases.merge(at, 1, Integer::sum);

        for (ArtifactVersion version : live) {
          try (InputStream in = repo.artifacts().open(repo.artifacts().version(version.id()))) {
            assertThat(in.readAllBytes()).as("%s after a kill %s", version.id(), at).hasSize((int) version.size());
          }
        }
        assertThat(repo.verify().intact()).as("verify after a kill %s", at).isTrue();
      }
      long before = store.listAll("objects/").mapToLong(BlobInfo::size).sum();
      // Past every killed run's deadline, so their records may go too.
      Thread.sleep(GcCrashWorker.MAX_DURATION.plus(GcCrashWorker.WINDOW).toMillis());
      GcSummary last = repo.maintenance().gc(GcOptions.builder().writerWindow(GcCrashWorker.WINDOW)
          .maxDuration(GcCrashWorker.MAX_DURATION).recordRetention(Duration.ofMillis(1)).build());

      assertThat(repo.maintenance().gc(GcOptions.builder().dryRun().build()).candidates())
          .as("the next collection finished the job").isZero();
      assertThat(store.listAll("gc/runs/").map(info -> info.key().name()).toList())
          .as("the killed runs' records expired").allMatch(id -> id.equals(last.runId()));
      for (ArtifactVersion version : live) {
        try (InputStream in = repo.artifacts().open(repo.artifacts().version(version.id()))) {
          assertThat(in.readAllBytes()).hasSize((int) version.size());
        }
      }
      assertThat(repo.verify(dev.pedigree.VerifyOptions.full()).problems()).as("the full check").isEmpty();
      System.out.printf("GC crash test: %d SIGKILLs of the collector (at %s), %d versions registered, %d live;"
          + " the last collection deleted %d objects (%d bytes): objects %d bytes before, %d after%n", kills, phases,
          registered, live.size(), last.objectsDeleted(), last.bytesDeleted(), before,
          store.listAll("objects/").mapToLong(BlobInfo::size).sum());
    }
  }

  private static String lastProgress(String output) {
    String at = "start";
    for (String line : output.split("\n")) {
      if (line.startsWith("phase ")) {
        at = line.substring(6).trim();
      } else if (line.startsWith("gc ")) {
        at = "between runs";
      }
    }
    return at;
  }
}
