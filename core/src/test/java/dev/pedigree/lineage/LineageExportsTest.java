package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.storage.MemoryBlobStore;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LineageExportsTest {
  private static final String NAMESPACE = "pedigree://team-ml";
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();

  private ArtifactVersion dataset(String name, String text) {
    return repo.artifacts().register(NewVersion.of(name, ArtifactKind.DATASET).bytes(text.getBytes(StandardCharsets.UTF_8)).build());
  }

  @Test
  void aSucceededRunBecomesStartAndCompleteEventsTheOfficialClientReads() throws Exception {
    ArtifactVersion customers = dataset("raw-customers", "c");
    ArtifactVersion events = dataset("raw-events", "e");
    Run run;
    try (ActiveRun active = repo.runs().start("prepare-features", CodeVersion.of("1.0"))) {
      active.input(customers);
      active.input(events);
      active.register(NewVersion.of("features", ArtifactKind.FEATURES).bytes(new byte[] {1, 2}).build());
      run = active.succeed();
    }
    List<String> json = LineageExports.openLineage(run, NAMESPACE);
    assertThat(json).hasSize(2);

    OpenLineage.RunEvent start = OpenLineageClientUtils.runEventFromJson(json.get(0));
    assertThat(start.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.START);
    assertThat(start.getEventTime().toInstant()).isEqualTo(run.startedAt());
    assertThat(start.getRun().getRunId()).isEqualTo(UUID.fromString(run.id()));
    assertThat(start.getJob().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(start.getJob().getName()).isEqualTo("prepare-features");
    assertThat(start.getProducer()).isEqualTo(URI.create(LineageExports.PRODUCER));
    assertThat(start.getSchemaURL()).isEqualTo(URI.create(LineageExports.RUN_EVENT_SCHEMA));
    assertThat(start.getInputs()).extracting(OpenLineage.InputDataset::getName).containsExactly("raw-customers", "raw-events");
    assertThat(start.getInputs()).allSatisfy(d -> {
      assertThat(d.getNamespace()).isEqualTo(NAMESPACE);
      assertThat(d.getFacets().getVersion().getDatasetVersion()).isEqualTo("1");
    });
    assertThat(start.getOutputs()).isEmpty();

    OpenLineage.RunEvent complete = OpenLineageClientUtils.runEventFromJson(json.get(1));
    assertThat(complete.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
    assertThat(complete.getEventTime().toInstant()).isEqualTo(run.endedAt().orElseThrow());
    assertThat(complete.getRun().getRunId()).isEqualTo(start.getRun().getRunId());
    assertThat(complete.getOutputs()).singleElement().satisfies(d -> {
      assertThat(d.getName()).isEqualTo("features");
      assertThat(d.getFacets().getVersion().getDatasetVersion()).isEqualTo("1");
    });
    assertThat(complete.getRun().getFacets().getErrorMessage()).isNull();

    // The base fields the spec requires on every facet, read from the raw JSON.
    JsonNode tree = new ObjectMapper().readTree(json.get(1));
    JsonNode facet = tree.at("/outputs/0/facets/version");
    assertThat(facet.get("_producer").asText()).isEqualTo(LineageExports.PRODUCER);
    assertThat(facet.get("_schemaURL").asText()).endsWith("DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet");
    assertThat(tree.get("eventTime").asText()).isEqualTo(run.endedAt().orElseThrow().toString());
  }

  @Test
  void aFailedRunEndsWithAFailEventCarryingTheError() {
    ArtifactVersion customers = dataset("raw-customers", "c");
    Run run;
    try (ActiveRun active = repo.runs().start("train", CodeVersion.of("1.0"))) {
      active.input(customers);
      run = active.fail(new IllegalStateException("loss was NaN"));
    }
    List<String> json = LineageExports.openLineage(run, NAMESPACE);
    OpenLineage.RunEvent fail = OpenLineageClientUtils.runEventFromJson(json.get(1));
    assertThat(fail.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.FAIL);
    OpenLineage.ErrorMessageRunFacet error = fail.getRun().getFacets().getErrorMessage();
    assertThat(error.getMessage()).contains("IllegalStateException").contains("loss was NaN");
    assertThat(error.getProgrammingLanguage()).isEqualTo("JAVA");
    assertThat(error.getStackTrace()).contains("LineageExportsTest");
    assertThat(error.get_producer()).isEqualTo(URI.create(LineageExports.PRODUCER));
  }

  @Test
  void aRunningRunHasOnlyItsStartEventAndForeignIdsGetStableUuids() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
    Run running = new Run("mlflow-run-17", "score", RunStatus.RUNNING, List.of(new VersionId("raw-customers", 3)),
        List.of(), Map.of(), Map.of(), List.of(), CodeVersion.unknown(), Map.of(), at, Optional.empty(), Optional.empty());
    List<String> json = LineageExports.openLineage(running, NAMESPACE);
    assertThat(json).hasSize(1);
    OpenLineage.RunEvent start = OpenLineageClientUtils.runEventFromJson(json.get(0));
    assertThat(start.getRun().getRunId()).isEqualTo(LineageExports.runId(running))
        .isEqualTo(UUID.nameUUIDFromBytes("mlflow-run-17".getBytes(StandardCharsets.UTF_8)));
    assertThat(start.getEventTime().toInstant()).isEqualTo(at);
    assertThat(start.getInputs().get(0).getFacets().getVersion().getDatasetVersion()).isEqualTo("3");
  }
}
