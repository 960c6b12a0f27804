package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.Repository;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
  @TempDir
  static Path scratch;
  static Repository repo;
  static PedigreeWebServer server;
  static URI api;

  @BeforeAll
  static void start() {
    repo = DemoStore.create("alice", "", scratch);
    server = PedigreeWebServer.start(repo, "127.0.0.1", 0);
    api = server.uri().resolve("api/");
  }

  @AfterAll
  static void stop() {
    server.close();
    repo.close();
  }

  @Test
  void listsArtifactsWithKindLatestAndAliases() {
    JsonNode artifacts = Http.getJson(api.resolve("artifacts"));
    List<String> names = new ArrayList<>();
    artifacts.forEach(a -> names.add(a.get("name").asText()));
    assertThat(names).containsExactly("churn-model", "churn-report", "features", "raw-customers");
    JsonNode model = artifacts.get(0);
    assertThat(model.get("kind").asText()).isEqualTo("MODEL");
    assertThat(model.get("latest").asInt()).isEqualTo(5);
    assertThat(model.get("aliases").get("staging").asInt()).isEqualTo(5);
    assertThat(model.get("aliases").get("production").asInt()).isEqualTo(3);
  }

  @Test
  void versionsCarryMetricsParamsAndTagsNewestFirst() {
    JsonNode page = Http.getJson(api.resolve("artifacts/churn-model/versions"));
    assertThat(page.get("items")).hasSize(5);
    JsonNode newest = page.get("items").get(0);
    assertThat(newest.get("id").asText()).isEqualTo("churn-model:5");
    assertThat(newest.get("metrics").get("auc").asDouble()).isEqualTo(0.88);
    assertThat(newest.get("params").get("epochs").asText()).isEqualTo("35");
    assertThat(newest.get("producedBy").asText()).isNotEmpty();
    assertThat(page.get("nextPageToken").isNull()).isTrue();
    JsonNode first = Http.getJson(api.resolve("artifacts/churn-model/versions?limit=2"));
    assertThat(first.get("items")).extracting(v -> v.get("number").asInt()).containsExactly(5, 4);
    JsonNode second = Http.getJson(api.resolve("artifacts/churn-model/versions?limit=2&pageToken="
        + first.get("nextPageToken").asText()));
    assertThat(second.get("items")).extracting(v -> v.get("number").asInt()).containsExactly(3, 2);
    JsonNode tagged = Http.getJson(api.resolve("artifacts/churn-model/versions?tag=week%3D2"));
    assertThat(tagged.get("items")).hasSize(1);
    assertThat(tagged.get("items").get(0).get("number").asInt()).isEqualTo(2);
  }

  @Test
  void directoryVersionsListTheirFiles() {
    JsonNode files = Http.getJson(api.resolve("artifacts/raw-customers/versions/1/files"));
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.get("path").asText()));
    assertThat(paths).containsExactly("customers.csv", "parts/0001.csv", "schema.json");
    assertThat(files.get(0).get("size").asLong()).isEqualTo(51);
  }

  @Test
  void aliasHistoryMarksTheRollback() {
    JsonNode production = Http.getJson(api.resolve("artifacts/churn-model/aliases/production"));
    assertThat(production.get("version").asInt()).isEqualTo(3);
    JsonNode newest = production.get("history").get(0);
    assertThat(newest.get("kind").asText()).isEqualTo("ROLLBACK");
    assertThat(newest.get("from").asInt()).isEqualTo(5);
    assertThat(newest.get("to").asInt()).isEqualTo(3);
    assertThat(newest.get("actor").asText()).isEqualTo("alice");
    assertThat(newest.get("reason").asText()).isEqualTo("support saw more false alarms");
  }

  @Test
  void lineageGoesUpToTheRawDataAndDownToTheReport() {
    JsonNode up = Http.getJson(api.resolve("artifacts/churn-model/versions/3/lineage?direction=up"));
    List<String> keys = new ArrayList<>();
    up.get("nodes").forEach(n -> keys.add(n.get("key").asText()));
    assertThat(keys).contains("version:churn-model:3", "version:features:1", "version:raw-customers:1");
    assertThat(up.get("edges").size()).isGreaterThanOrEqualTo(4);
    JsonNode down = Http.getJson(api.resolve("artifacts/churn-model/versions/3/lineage?direction=down"));
    List<String> ids = new ArrayList<>();
    down.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids).contains("churn-report:1");
  }

  @Test
  void verdictsCarryEachChecksEvidence() {
    JsonNode verdicts = Http.getJson(api.resolve("verdicts?artifact=churn-model"));
    assertThat(verdicts).hasSize(5);
    JsonNode rejected = null;
    for (JsonNode v : verdicts) {
      if (v.get("outcome").asText().equals("REJECTED")) {
        rejected = v;
      }
    }
    assertThat(rejected).isNotNull();
    assertThat(rejected.get("candidate").asText()).isEqualTo("churn-model:4");
    assertThat(rejected.get("baseline").asText()).isEqualTo("churn-model:3");
    JsonNode one = Http.getJson(api.resolve("verdicts/" + rejected.get("sequence").asLong()));
    JsonNode failed = one.get("checks").get(0);
    assertThat(failed.get("name").asText()).isEqualTo("auc-not-worse");
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("summary").asText()).isNotEmpty();
    assertThat(failed.get("observed").size()).isPositive();
  }

  @Test
  void auditFiltersByArtifactTypeAndActor() {
    JsonNode moves = Http.getJson(api.resolve("audit?artifact=churn-model&type=ALIAS_ROLLED_BACK"));
    assertThat(moves).hasSize(1);
    assertThat(moves.get(0).get("subject").asText()).isEqualTo("churn-model@production");
    assertThat(Http.getJson(api.resolve("audit?actor=nobody"))).isEmpty();
    assertThat(Http.getJson(api.resolve("audit?limit=3"))).hasSize(3);
    HttpResponse<String> bad = Http.get(api.resolve("audit?type=NOPE"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.json(bad).get("error").asText()).startsWith("Cannot filter by event type 'NOPE'");
  }

  @Test
  void integrityReportsAnIntactStore() {
    JsonNode integrity = Http.getJson(api.resolve("integrity"));
    assertThat(integrity.get("intact").asBoolean()).isTrue();
    assertThat(integrity.get("versionsChecked").asLong()).isEqualTo(8);
  }

  @Test
  void missingThingsAre404WithAReason() {
    HttpResponse<String> missing = Http.get(api.resolve("artifacts/churn-model/versions/99"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).get("error").asText()).contains("churn-model:99");
    assertThat(Http.get(api.resolve("artifacts/nothing-here")).statusCode()).isEqualTo(404);
    assertThat(Http.get(api.resolve("nowhere")).statusCode()).isEqualTo(404);
    assertThat(Http.get(api.resolve("artifacts/churn-model/versions/x1")).statusCode()).isEqualTo(400);
  }

  @Test
  void everyDocumentedReadAnswersInItsDocumentedShape() {
    JsonNode doc = Http.getJson(api.resolve("openapi.json"));
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo("/api");
    Map<String, String> examples = Map.of("{artifact}", "churn-model", "{number}", "3", "{alias}", "production",
        "{sequence}", firstVerdictSequence(), "{id}", Http.getJson(api.resolve("artifacts/churn-model/versions/3"))
            .get("producedBy").asText());
    int checked = 0;
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      JsonNode get = path.getValue().get("get");
      if (get == null) {
        continue;
      }
      String concrete = path.getKey();
      for (Map.Entry<String, String> e : examples.entrySet()) {
        concrete = concrete.replace(e.getKey(), e.getValue());
      }
      JsonNode body = Http.getJson(api.resolve(concrete.substring(1)));
      JsonNode schema = get.get("responses").get("200").path("content").path("application/json").path("schema");
      assertRequiredFields(doc, schema, body, path.getKey());
      checked++;
    }
    assertThat(checked).isEqualTo(14);
  }

  private static String firstVerdictSequence() {
    return Http.getJson(api.resolve("verdicts?limit=1")).get(0).get("sequence").asText();
  }

  /** Checks the required fields of the documented schema (following $ref and array items) are present. */
  private static void assertRequiredFields(JsonNode doc, JsonNode schema, JsonNode body, String where) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      schema = doc.get("components").get("schemas").get(name);
    }
    if ("array".equals(schema.path("type").asText())) {
      assertThat(body.isArray()).as(where + " is an array").isTrue();
      for (JsonNode item : body) {
        assertRequiredFields(doc, schema.get("items"), item, where + "[]");
      }
      return;
    }
    for (JsonNode field : schema.path("required")) {
      assertThat(body.has(field.asText())).as(where + " has field " + field.asText() + ": " + body).isTrue();
      JsonNode property = schema.path("properties").path(field.asText());
      if (property.has("$ref") || property.has("items")) {
        assertRequiredFields(doc, property, body.get(field.asText()), where + "." + field.asText());
      }
    }
  }

  @Test
  void writesDoNotExistWithoutAnAuthorizer() {
    HttpResponse<String> move = Http.post(api.resolve("artifacts/churn-model/aliases/production"),
        "{\"version\": 5, \"reason\": \"try\"}", Map.of("Content-Type", "application/json",
            "Origin", server.uri().toString().replaceAll("/$", "")));
    assertThat(move.statusCode()).isEqualTo(404);
    assertThat(Http.json(move).get("error").asText()).contains("read-only");
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("production", 3);
  }
}
