package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Exported events against the official OpenLineage 2-0-2 JSON Schemas (copied into the test
 * resources with their licence), and every facet against the schema its {@code _schemaURL} names:
 * the official facets' and Pedigree's own, which ship in core's jar.
 */
class OpenLineageSchemaTest {
  private static final String NAMESPACE = "pedigree://team-ml";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> OFFICIAL = List.of("OpenLineage.json", "DatasetVersionDatasetFacet.json",
      "ErrorMessageRunFacet.json", "JobTypeJobFacet.json", "DocumentationJobFacet.json");
  private static final List<String> OURS = List.of("PedigreeParamsRunFacet.json", "PedigreeMetricsRunFacet.json",
      "PedigreeCodeVersionRunFacet.json");

  private final Map<String, String> schemas = loadSchemas();
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemas(schemas));
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("tester").build();

  private static Map<String, String> loadSchemas() {
    Map<String, String> byId = new HashMap<>();
    List<String> resources = new ArrayList<>();
    OFFICIAL.forEach(f -> resources.add("openlineage/" + f));
    OURS.forEach(f -> resources.add(LineageExports.FACET_SCHEMA_RESOURCES + f));
    for (String resource : resources) {
      try (InputStream in = OpenLineageSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
        assertThat(in).as("resource %s", resource).isNotNull();
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        byId.put(MAPPER.readTree(text).get("$id").asText(), text);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return byId;
  }

  private List<String> violations(String schemaUrl, String json) {
    String id = schemaUrl.contains("#") ? schemaUrl.substring(0, schemaUrl.indexOf('#')) : schemaUrl;
    assertThat(schemas).as("a local copy of %s (nothing is fetched from the network)", id).containsKey(id);
    Schema schema = registry.getSchema(SchemaLocation.of(schemaUrl));
    return schema.validate(json, InputFormat.JSON).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  /** Validates an event and each of its facets; returns every violation found. */
  private List<String> validate(String event) throws IOException {
    List<String> found = new ArrayList<>(violations(LineageExports.RUN_EVENT_SCHEMA, event));
    JsonNode tree = MAPPER.readTree(event);
    List<JsonNode> facetHolders = new ArrayList<>(List.of(tree.path("run").path("facets"), tree.path("job").path("facets")));
    tree.path("inputs").forEach(d -> facetHolders.add(d.path("facets")));
    tree.path("outputs").forEach(d -> facetHolders.add(d.path("facets")));
    for (JsonNode holder : facetHolders) {
      for (Map.Entry<String, JsonNode> facet : holder.properties()) {
        found.addAll(violations(facet.getValue().get("_schemaURL").asText(), MAPPER.writeValueAsString(facet.getValue()))
            .stream().map(v -> facet.getKey() + " " + v).toList());
      }
    }
    return found;
  }

  @Test
  void everyEventAndFacetOfASucceededAndAFailedRunIsValid() throws Exception {
    ArtifactVersion customers = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes("c".getBytes(StandardCharsets.UTF_8)).build());
    Run succeeded;
    try (ActiveRun active = repo.runs().start("churn/train", CodeVersion.of("1.4.0"))) {
      active.input(customers);
      active.param("epochs", "20");
      active.logMetric("auc", 0.91);
      active.logMetric("diverged", Double.NaN);
      active.register(NewVersion.of("churn-model", ArtifactKind.MODEL).bytes(new byte[] {1}).build());
      succeeded = active.succeed();
    }
    Run failed;
    try (ActiveRun active = repo.runs().start("score", CodeVersion.unknown())) {
      failed = active.fail(new IllegalStateException("boom"));
    }
    List<String> events = new ArrayList<>(LineageExports.openLineage(succeeded, NAMESPACE));
    events.addAll(LineageExports.openLineage(failed, NAMESPACE));
    assertThat(events).hasSize(4);
    for (String event : events) {
      assertThat(validate(event)).as(event).isEmpty();
    }
    JsonNode complete = MAPPER.readTree(events.get(1));
    assertThat(complete.at("/run/facets/pedigree_params/params/epochs").asText()).isEqualTo("20");
    assertThat(complete.at("/run/facets/pedigree_metrics/metrics/auc").asDouble()).isEqualTo(0.91);
    assertThat(complete.at("/run/facets/pedigree_metrics/metrics").has("diverged")).isFalse();
    assertThat(complete.at("/run/facets/pedigree_codeVersion/version").asText()).isEqualTo("1.4.0");
    assertThat(complete.at("/run/facets/pedigree_codeVersion/_schemaURL").asText())
        .isEqualTo(LineageExports.CODE_VERSION_FACET_SCHEMA);
    assertThat(complete.at("/job/facets/jobType/jobType").asText()).isEqualTo("TASK");
    assertThat(complete.at("/job/facets/documentation/description").asText())
        .isEqualTo("Stage train of Pedigree pipeline churn, code 1.4.0.");
  }

  @Test
  void aRunningRunsStartEventCarriesTheInputsDeclaredSoFar() throws Exception {
    ArtifactVersion customers = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes("c".getBytes(StandardCharsets.UTF_8)).build());
    try (ActiveRun active = repo.runs().start("train", CodeVersion.of("2.0"))) {
      active.input(customers);
      active.param("epochs", "5");
      List<String> events = LineageExports.openLineage(active.snapshot(), NAMESPACE);
      assertThat(events).hasSize(1);
      JsonNode start = MAPPER.readTree(events.get(0));
      assertThat(start.get("eventType").asText()).isEqualTo("START");
      assertThat(start.at("/inputs/0/name").asText()).isEqualTo("raw-customers");
      assertThat(start.at("/run/facets/pedigree_params/params/epochs").asText()).isEqualTo("5");
      assertThat(validate(events.get(0))).isEmpty();
      active.succeed();
    }
  }

  @Test
  void theValidatorCatchesABrokenFacetAndABrokenEvent() throws Exception {
    Run run = new Run("r-1", "score", RunStatus.RUNNING, List.of(), List.of(), Map.of(), Map.of(), List.of(),
        CodeVersion.unknown(), Map.of(), java.time.Instant.parse("2026-03-01T10:15:30Z"), Optional.empty(),
        Optional.empty());
    ObjectNode event = (ObjectNode) MAPPER.readTree(LineageExports.openLineage(run, NAMESPACE).get(0));
    ((ObjectNode) event.at("/run/facets/pedigree_codeVersion")).remove("dirty");
    assertThat(validate(MAPPER.writeValueAsString(event))).singleElement().asString()
        .startsWith("pedigree_codeVersion").contains("dirty");
    event.remove("eventTime");
    assertThat(violations(LineageExports.RUN_EVENT_SCHEMA, MAPPER.writeValueAsString(event))).isNotEmpty();
  }
}
