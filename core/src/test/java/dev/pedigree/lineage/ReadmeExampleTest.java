package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of the README section "Registry, lineage and audit in a few lines", kept compiling and true. */
class ReadmeExampleTest {
  @TempDir
  Path work;

  @Test
  void registerPromoteRollBackAndAskForLineage() throws Exception {
    Path data = Files.writeString(work.resolve("customers.csv"), "id,churned\n1,0\n2,1\n");
    Path modelFile = Files.writeString(work.resolve("model.bin"), "weights v1");
    Path betterFile = Files.writeString(work.resolve("model2.bin"), "weights v2");
    try (Repository repo = Repository.open(new dev.pedigree.storage.MemoryBlobStore())) {
      // --- example starts
      ArtifactVersion customers = repo.artifacts().register(
          NewVersion.of("raw-customers", ArtifactKind.DATASET).file(data).build());

      ArtifactVersion model;
      try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.4.0"))) {
        run.input(customers);
        run.param("epochs", "20");
        model = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).file(modelFile).metric("auc", 0.91));
        run.succeed();
      }
      repo.artifacts().moveAlias("churn-model", "production", model.number(), "first model");

      ArtifactVersion better = repo.artifacts().register(
          NewVersion.of("churn-model", ArtifactKind.MODEL).file(betterFile).metric("auc", 0.93).build());
      repo.artifacts().moveAlias("churn-model", "production", better.number(), "higher AUC");
      repo.artifacts().rollback("churn-model", "production", "complaints from support");

      ArtifactVersion serving = repo.artifacts().resolve("churn-model@production"); // version 1 again
      LineageView provenance = repo.lineage().upstream(serving.id());            // train run, raw-customers:1
      LineageView impact = repo.lineage().downstream(customers.id());            // which models used this data?
      String picture = Mermaid.render(provenance);
      boolean untouched = repo.verify().intact();                                // audit chain and records
      // --- example ends
      assertThat(serving.number()).isEqualTo(1);
      assertThat(provenance.versions()).containsExactly(model.id(), customers.id());
      assertThat(impact.versions()).contains(model.id()).doesNotContain(better.id());
      assertThat(picture).startsWith("flowchart LR").contains("train (succeeded)");
      assertThat(untouched).isTrue();
    }
  }
}
