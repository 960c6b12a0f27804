package dev.pedigree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small store as a team's would look after a few weeks, written through the library: a raw
 * dataset, two directory versions of features, three model versions trained in recorded runs,
 * production moved twice and rolled back once.
 */
final class StoreFixture {
  final String uri;
  String trainRun;

  private StoreFixture(String uri) {
    this.uri = uri;
  }

  static StoreFixture create(Path store, Path scratch) throws IOException {
    StoreFixture fixture = new StoreFixture(store.toUri().toString());
    try (Repository repo = Repository.builder(fixture.uri).actor("alice").build()) {
      Path csv = Files.writeString(scratch.resolve("customers.csv"), "id,tenure\n1,12\n2,30\n");
      ArtifactVersion raw = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET).file(csv)
          .description("CRM export").build());

      Path features = Files.createDirectories(scratch.resolve("features"));
      Files.writeString(features.resolve("train.csv"), "id,tenure\n1,12\n");
      Files.writeString(features.resolve("holdout.csv"), "id,tenure\n2,30\n");
      Files.writeString(features.resolve("README.md"), "v1");
      repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET).directory(features).build());
      Files.writeString(features.resolve("train.csv"), "id,tenure\n1,12\n3,7\n");
      Files.delete(features.resolve("README.md"));
      Files.writeString(features.resolve("schema.json"), "{}");
      repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET).directory(features).build());

      for (int i = 1; i <= 3; i++) {
        try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1." + i))) {
          run.input(raw);
          run.param("epochs", Integer.toString(10 * i));
          run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(("weights " + i).getBytes(UTF_8))
              .param("epochs", Integer.toString(10 * i)).metric("auc", new double[] {0.85, 0.9, 0.95}[i - 1]).tag("team", i == 2 ? "growth" : "core").build());
          run.succeed();
          fixture.trainRun = run.id();
        }
      }
      repo.artifacts().moveAlias("churn-model", "production", 1, "first model");
      repo.artifacts().moveAlias("churn-model", "production", 3, "higher AUC");
      repo.artifacts().rollback("churn-model", "production", "complaints from support");
      repo.artifacts().moveAlias("churn-model", "staging", 3, "try again");
    }
    return fixture;
  }
}
