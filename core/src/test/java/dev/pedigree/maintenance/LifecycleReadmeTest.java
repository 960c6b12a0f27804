package dev.pedigree.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.GoneException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Deleting, retention and garbage collection" section, run as written. */
class LifecycleReadmeTest {
  @TempDir
  Path dir;

  @Test
  void theReadmeExampleRuns() throws Exception {
    Path model = Files.write(dir.resolve("model.bin"), new byte[20_000]);
    try (Repository repo = Repository.builder(dir.resolve("repo").toString()).actor("ops")
        .writerWindow(Duration.ofSeconds(1)).build()) {
      for (int i = 1; i <= 6; i++) {
        Files.write(model, ("weights " + i).repeat(2000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL).file(model).build());
      }
      repo.artifacts().moveAlias("churn-model", "production", 2, "first release");
      repo.artifacts().moveAlias("churn-model", "production", 5, "better");
      // snippet:lifecycle
      repo.artifacts().delete(VersionId.parse("churn-model:1"), "trained on leaked labels");
      // reading it now throws GoneException: "... deleted at <time> by ops (trained on leaked labels) ..."

      RetentionPolicy policy = RetentionPolicy.builder()
          .artifacts("churn-model")
          .keepLast(3)                                              // the newest three
          .keepAliasHolders(RetentionPolicy.EVER, "production")    // and every version production held
          .keepTagged("pinned")
          .build();
      RetentionPlan plan = repo.maintenance().planRetention(policy); // dry run: what goes, why the rest stays
      System.out.println(plan);
      repo.maintenance().applyRetention(policy, "quarterly clean-up");

      GcSummary gc = repo.maintenance().gc(GcOptions.builder()
          .writerWindow(Duration.ofSeconds(1))  // >= every writer's window (default 30 s on both)
          .listener(new GcListener() {
            @Override public void phase(GcPhase phase) { System.out.println("gc: " + phase); }
          })
          .build());
      System.out.println(gc.objectsDeleted() + " objects, " + gc.bytesReclaimed() + " bytes reclaimed");
      // end-snippet
      assertThat(plan.toDelete()).extracting(VersionId::number).containsExactly(3);
      assertThatThrownBy(() -> repo.artifacts().resolve("churn-model:1")).isInstanceOf(GoneException.class)
          .hasMessageContaining("by ops (trained on leaked labels)");
      assertThat(gc.objectsDeleted()).isEqualTo(2);
      assertThat(gc.bytesReclaimed()).isEqualTo(2 * "weights 1".repeat(2000).length());
      assertThat(repo.verify().intact()).isTrue();
    }
  }
}
