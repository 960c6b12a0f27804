package dev.pedigree.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArtifactRegistryTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();
  private final ArtifactRegistry registry = repo.artifacts();

  private ArtifactVersion model(String text, double auc) {
    return registry.register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(text.getBytes(StandardCharsets.UTF_8)).metric("auc", auc).build());
  }

  @Test
  void versionsAreNumberedFromOneAndResolvable() throws Exception {
    ArtifactVersion v1 = model("one", 0.8);
    ArtifactVersion v2 = model("two", 0.82);
    assertThat(v1.number()).isEqualTo(1);
    assertThat(v2.number()).isEqualTo(2);
    assertThat(registry.resolve("churn-model").id()).isEqualTo(v2.id());
    assertThat(registry.resolve("churn-model:1").content()).isEqualTo(v1.content());
    try (InputStream in = registry.open(registry.resolve("churn-model:1"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
    }
    assertThat(v1.createdBy()).isEqualTo("tester");
  }

  @Test
  void aliasMovesAreRecordedAndRollBackLikeUndo() {
    model("one", 0.8);
    model("two", 0.82);
    model("three", 0.83);
    registry.moveAlias("churn-model", "production", 1, "first");
    registry.moveAlias("churn-model", "production", 2, "second");
    registry.moveAlias("churn-model", "production", 3, "third");
    assertThat(registry.resolve("churn-model@production").number()).isEqualTo(3);
    AliasChange back = registry.rollback("churn-model", "production", "bad");
    assertThat(back.from()).hasValue(3);
    assertThat(back.to()).hasValue(2);
    assertThat(back.kind()).isEqualTo(AliasChange.Kind.ROLLBACK);
    registry.rollback("churn-model", "production", "worse");
    assertThat(registry.resolve("churn-model@production").number()).isEqualTo(1);
    assertThatThrownBy(() -> registry.rollback("churn-model", "production", "again"))
        .isInstanceOf(RollbackUnavailableException.class).hasMessageContaining("only version 1");
    assertThat(registry.aliasHistory("churn-model", "production")).hasSize(5);
    assertThat(registry.aliases("churn-model")).containsEntry("production", 1);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_ROLLED_BACK)).count()).isEqualTo(2);
    assertThat(repo.audit().verify().intact()).isTrue();
  }

  @Test
  void compareAndSwapMoveRejectsStaleExpectation() {
    model("one", 0.8);
    model("two", 0.82);
    registry.moveAlias("churn-model", "production", 1, "first");
    assertThatThrownBy(() -> registry.move(AliasMove.of("churn-model", "production").to(2).expecting(2).build()))
        .isInstanceOf(RefConflictException.class);
    assertThat(registry.resolve("churn-model@production").number()).isEqualTo(1);
  }

  @Test
  void missingThingsAreTypedErrors() {
    model("one", 0.8);
    assertThatThrownBy(() -> registry.resolve("churn-model:9")).isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("no version 9").hasMessageContaining("latest is 1");
    assertThatThrownBy(() -> registry.resolve("churn-model@production")).isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("no alias 'production'");
    assertThatThrownBy(() -> registry.register(NewVersion.of("churn-model", ArtifactKind.DATASET).bytes(new byte[1]).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("holds MODEL versions");
    assertThatThrownBy(() -> registry.rollback("churn-model", "staging", "x")).isInstanceOf(RollbackUnavailableException.class);
  }

  @Test
  void runsRecordInputsOutputsAndConsumers() {
    ArtifactVersion data = registry.register(NewVersion.of("raw", ArtifactKind.DATASET).bytes(new byte[] {1, 2}).build());
    Run run;
    try (ActiveRun active = repo.runs().start("train", CodeVersion.of("1.0"))) {
      active.input("raw");
      active.param("epochs", "3");
      active.logMetric("loss", 0.5);
      active.logMetric("loss", 0.3);
      active.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(new byte[] {3}).build());
      run = active.succeed();
    }
    Run stored = repo.runs().run(run.id());
    assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(stored.inputs()).containsExactly(data.id());
    assertThat(stored.outputs()).containsExactly(new VersionId("churn-model", 1));
    assertThat(stored.metricHistory()).hasSize(2);
    assertThat(stored.metrics()).containsEntry("loss", 0.3);
    assertThat(repo.runs().consumersOf(data.id())).containsExactly(run.id());
    assertThat(registry.resolve("churn-model").producedBy()).hasValue(run.id());
  }

  @Test
  void versionsQueryFiltersAndPages() {
    for (int i = 0; i < 7; i++) {
      model("m" + i, 0.7 + i * 0.02);
    }
    registry.setTag(new VersionId("churn-model", 3), "stage", "qa");
    Page<ArtifactVersion> first = registry.versions("churn-model", VersionQuery.all().withMetricAtLeast("auc", 0.75).pageSize(2), null);
    assertThat(first.items()).extracting(ArtifactVersion::number).containsExactly(7, 6);
    Page<ArtifactVersion> second = registry.versions("churn-model", VersionQuery.all().withMetricAtLeast("auc", 0.75).pageSize(2),
        first.nextPageToken().orElseThrow());
    assertThat(second.items()).extracting(ArtifactVersion::number).containsExactly(5, 4);
    assertThat(registry.versions("churn-model", VersionQuery.all().withTag("stage", "qa"), null).items())
        .extracting(ArtifactVersion::number).containsExactly(3);
    assertThat(registry.list("churn")).extracting(ArtifactInfo::name).containsExactly("churn-model");
  }
}
