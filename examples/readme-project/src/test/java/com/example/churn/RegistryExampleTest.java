package com.example.churn;

import static org.assertj.core.api.Assertions.assertThat;

// snippet:imports
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Mermaid;
import java.nio.file.Path;
// end-snippet
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README "Registry, lineage and audit in a few lines", run as a user's code on a folder repository. */
class RegistryExampleTest {
  @TempDir
  Path work;

  @Test
  void registerPromoteRollBackAndAskForLineage() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.writeString(data.resolve("customers.csv"), "customer_id,tenure_months,plan,churned\n1,3,basic,0\n");
    Files.writeString(data.resolve("model.bin"), "weights v1");
    Files.writeString(data.resolve("model2.bin"), "weights v2");
    String location = "file:" + work.resolve("repo");

    // snippet:registry
    try (Repository repo = Repository.open(location)) {            // "file:/var/lib/pedigree", "mem:tests", "s3://..."
      ArtifactVersion customers = repo.artifacts().register(
          NewVersion.of("raw-customers", ArtifactKind.DATASET).file(data.resolve("customers.csv")).build());

      ArtifactVersion model;
      try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1.4.0"))) {
        run.input(customers);
        run.param("epochs", "20");
        model = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL)
            .file(data.resolve("model.bin")).metric("auc", 0.91).build());
        run.succeed();
      }
      repo.artifacts().moveAlias("churn-model", "production", model.number(), "first model");

      ArtifactVersion better = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .file(data.resolve("model2.bin")).metric("auc", 0.93).build());
      repo.artifacts().moveAlias("churn-model", "production", better.number(), "higher AUC");
      repo.artifacts().rollback("churn-model", "production", "complaints from support");

      ArtifactVersion serving = repo.artifacts().resolve("churn-model@production"); // version 1 again
      LineageView provenance = repo.lineage().upstream(serving.id());            // train run, raw-customers:1
      LineageView impact = repo.lineage().downstream(customers.id());            // which models used this data?
      String picture = Mermaid.render(provenance);                               // or Dot.render(...)
      boolean untouched = repo.verify().intact();                                // audit chain and records
    }
    // end-snippet
    try (Repository again = Repository.open(location)) {
      ArtifactVersion serving = again.artifacts().resolve("churn-model@production");
      ArtifactVersion customers = again.artifacts().resolve("raw-customers");
      assertThat(serving.number()).as("rolled back to the first model").isEqualTo(1);
      assertThat(again.artifacts().latest("churn-model").orElseThrow().number()).isEqualTo(2);
      assertThat(again.lineage().upstream(serving.id()).versions()).containsExactly(serving.id(), customers.id());
      assertThat(again.lineage().downstream(customers.id()).versions()).contains(serving.id())
          .doesNotContain(again.artifacts().resolve("churn-model:2").id());
      assertThat(Mermaid.render(again.lineage().upstream(serving.id()))).startsWith("flowchart LR")
          .contains("train (succeeded)");
      assertThat(again.verify().intact()).isTrue();
    }
  }
}
