package dev.pedigree.invariants;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link RegistryCrashTest}: registers, moves, rolls back, tags, promotes and
 * records runs on a folder store, round after round, until it is killed. It prints
 * {@code ack <what>} after each change returns, so the test knows what was acknowledged.
 * Arguments: the store URI, a worker number, a file to create once ready.
 */
public final class RegistryCrashWorker {
  static final String MODEL = "churn-model";
  static final String ALIAS = "production";

  private RegistryCrashWorker() {
  }

  public static void main(String[] args) throws Exception {
    String worker = args[1];
    Gate gate = Gate.named("sane").require(Check.that("auc-present", c -> c.candidate().metric("auc").isPresent(),
        "an auc")).build();
    // The test recovers between workers; a long lease keeps this worker from recovering anything.
    try (Repository repo = Repository.builder(args[0]).actor("worker-" + worker).recoveryLease(Duration.ofDays(1)).build()) {
      Promoter promoter = Promoter.of(repo);
      Files.createFile(Path.of(args[2]));
      for (int i = 0; ; i++) {
        String id = worker + "-" + i;
        switch (i % 6) {
          case 0 -> {
            ArtifactVersion v = repo.artifacts().register(NewVersion.of(MODEL, ArtifactKind.MODEL)
                .bytes(("model " + id).getBytes(StandardCharsets.UTF_8)).metric("auc", 0.8).requestId("r-" + id).build());
            ack("version " + v.id());
          }
          case 1 -> {
            int latest = repo.artifacts().latest(MODEL).orElseThrow().number();
            AliasChange c = repo.artifacts().moveAlias(MODEL, ALIAS, latest, "move " + id);
            ack("alias " + c.sequence());
          }
          case 2 -> {
            try {
              AliasChange c = repo.artifacts().rollback(MODEL, ALIAS, "rollback " + id);
              ack("alias " + c.sequence());
            } catch (RollbackUnavailableException e) {
              ack("nothing");
            }
          }
          case 3 -> {
            ArtifactVersion latest = repo.artifacts().latest(MODEL).orElseThrow();
            repo.artifacts().setTag(latest.id(), "round", id);
            ack("tag " + latest.id() + " " + id);
          }
          case 4 -> {
            ArtifactVersion latest = repo.artifacts().latest(MODEL).orElseThrow();
            Promotion p = promoter.promote(latest.id(), ALIAS, gate);
            ack(p.change().map(c -> "alias " + c.sequence()).orElse("nothing"));
          }
          default -> {
            try (ActiveRun run = repo.runs().start("train", CodeVersion.of("c" + i))) {
              ack("run-started " + run.id());
              run.input(MODEL + ":1");
              run.register(NewVersion.of(MODEL, ArtifactKind.MODEL).bytes(("trained " + id).getBytes(StandardCharsets.UTF_8))
                  .metric("auc", 0.81).build());
              run.succeed();
              ack("run " + run.id());
            }
          }
        }
      }
    }
  }

  private static void ack(String what) {
    System.out.println("ack " + what);
    System.out.flush();
  }
}
