package dev.pedigree.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.RecoveryReport;
import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.VerifyOptions;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 7 at the registry level: a child JVM registering, moving, rolling back, tagging,
 * promoting and recording runs on a folder store is killed with SIGKILL at random moments
 * (40 times; 300 with {@code -Pstress}). After each kill: {@code verify()} reports nothing but
 * interrupted changes (never tampering); after {@code recover()} the store is intact, so
 * every change present has its audit event and every event its change (wholly there or wholly
 * absent); and every change any worker acknowledged is there. Prints the figures.
 *
 * <p>Set {@code -Dpedigree.crash.seed} to replay the kill moments.
 */
class RegistryCrashTest {
  static final int KILLS = Boolean.getBoolean("pedigree.stress") ? 300 : 40;

  @TempDir
  Path temp;

  @Test
  void killingTheRegistryAtAnyMomentLeavesEveryChangeWithItsEvent() throws Exception {
    long seed = Long.getLong("pedigree.crash.seed", System.nanoTime());
    System.out.println("RegistryCrashTest seed: " + seed + " (replay with -Dpedigree.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path root = Files.createDirectory(temp.resolve("store"));
    String location = root.toUri().toString();
    List<String> acknowledged = new ArrayList<>();
    int interruptedSeen = 0;
    int completed = 0;
    int abandoned = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Path ready = temp.resolve("ready-" + kill);
      ChildJvm worker = ChildJvm.start(RegistryCrashWorker.class, ChildJvm.QUICK, temp.resolve("worker-" + kill + ".log"),
          location, Integer.toString(kill), ready.toString());
      worker.awaitFile(ready);
      worker.awaitLines("ack ", random.nextInt(0, 4));
      Thread.sleep(random.nextInt(0, 120));
      assertThat(worker.process().isAlive()).as("worker working when killed; its output:%n%s", worker.output()).isTrue();
      worker.process().destroyForcibly();
      worker.process().waitFor();
      worker.output().lines().filter(l -> l.startsWith("ack ")).map(l -> l.substring(4)).forEach(acknowledged::add);

      try (Repository repo = Repository.builder(location).actor("checker").build()) {
        RepositoryVerification before = repo.verify();
        assertThat(before.tampered()).as("kill %d: verify before recovery reports only interrupted changes: %s", kill,
            before.problems()).isFalse();
        interruptedSeen += before.problems(RepositoryVerification.Kind.INTERRUPTED).isEmpty() ? 0 : 1;
        RecoveryReport report = repo.recover();
        completed += report.completed().size();
        abandoned += report.abandoned().size();
        RepositoryVerification after = repo.verify();
        assertThat(after.problems()).as("kill %d: after recovery", kill).isEmpty();
        for (String ack : acknowledged) {
          assertAcknowledgedChangeIsThere(repo, ack, kill);
        }
      }
    }
    try (Repository repo = Repository.open(location)) {
      RepositoryVerification full = repo.verify(VerifyOptions.full());
      assertThat(full.problems()).isEmpty();
      System.out.println("RegistryCrashTest: " + KILLS + " kills, " + acknowledged.size() + " acknowledged changes all"
          + " present, " + interruptedSeen + " kills left an interrupted change, recovery completed " + completed
          + " and abandoned " + abandoned + "; final full check: " + full.versionsChecked() + " versions, "
          + full.entriesChecked() + " ref entries, " + full.audit().eventsChecked() + " audit events, "
          + full.objectsChecked() + " objects, no problem");
      assertThat(acknowledged).as("the workers got changes through between kills").hasSizeGreaterThan(KILLS / 2);
    }
  }

  private static void assertAcknowledgedChangeIsThere(Repository repo, String ack, int kill) {
    String[] parts = ack.split(" ");
    String what = "kill " + kill + ": acknowledged '" + ack + "'";
    switch (parts[0]) {
      case "version" -> assertThat(repo.artifacts().findVersion(VersionId.parse(parts[1]))).as(what).isPresent();
      case "alias" -> assertThat(repo.artifacts().aliasHistory(RegistryCrashWorker.MODEL, RegistryCrashWorker.ALIAS))
          .as(what).extracting(AliasChange::sequence).contains(Long.parseLong(parts[1]));
      case "tag" -> assertThat(repo.audit().events(dev.pedigree.audit.AuditQuery.all()
          .type(dev.pedigree.audit.AuditEventType.TAGS_CHANGED)).anyMatch(e -> e.subject().equals(parts[1])
              && e.detail("change").equals("set tag round=" + parts[2]))).as(what).isTrue();
      case "run-started" -> assertThat(repo.runs().find(parts[1])).as(what).isPresent();
      case "run" -> assertThat(repo.runs().run(parts[1]).status()).as(what).isEqualTo(RunStatus.SUCCEEDED);
      default -> assertThat(parts[0]).as(what).isEqualTo("nothing");
    }
  }
}
