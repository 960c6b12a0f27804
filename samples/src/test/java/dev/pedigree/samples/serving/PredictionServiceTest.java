package dev.pedigree.samples.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.MemoryBlobStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts the real service on a loopback port and talks to it over HTTP. */
class PredictionServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BODY = "{\"customer_id\":\"c-9\",\"tenure_months\":3,\"monthly_charges\":88.0,"
      + "\"contract\":\"month-to-month\",\"support_calls\":3}";

  private Repository repo;
  private ServingPipeline pipeline;
  private PredictionService service;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    pipeline = new ServingPipeline(repo, 11, 1200);
    service = PredictionService.start(repo, ServingPipeline.MODEL, ServingPipeline.PRODUCTION,
        new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(20));
  }

  @AfterEach
  void stop() {
    service.close();
    repo.close();
  }

  @Test
  void servesTheProductionVersionAndSwitchesToANewOneWithoutARestart() throws Exception {
    assertThat(post(BODY).statusCode()).isEqualTo(503);

    Deployment first = pipeline.run(1, WeekConditions.healthy());
    assertThat(first.promoted()).isTrue();
    assertThat(service.awaitServing("serving-model:1", WAIT)).isTrue();
    HttpResponse<String> before = post(BODY);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.headers().firstValue("X-Model-Version")).contains("serving-model:1");
    JsonNode answer = JSON.readTree(before.body());
    assertThat(answer.get("model").asText()).isEqualTo("serving-model:1");
    assertThat(answer.get("customer_id").asText()).isEqualTo("c-9");
    assertThat(answer.get("churn_probability").asDouble()).isBetween(0.0, 1.0);

    Deployment second = pipeline.run(2, WeekConditions.healthy());
    assertThat(second.promoted()).isTrue();
    assertThat(second.previous()).hasValue(1);
    assertThat(service.awaitServing("serving-model:2", WAIT)).isTrue();
    HttpResponse<String> after = post(BODY);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(after.body()).get("model").asText()).isEqualTo("serving-model:2");
    assertThat(get("model")).contains("\"model\":\"serving-model:2\"");

    repo.artifacts().rollback(ServingPipeline.MODEL, ServingPipeline.PRODUCTION, "test: back to 1");
    assertThat(service.awaitServing("serving-model:1", WAIT)).isTrue();
    assertThat(JSON.readTree(post(BODY).body()).get("model").asText()).isEqualTo("serving-model:1");
  }

  @Test
  void badRequestsGetA400NamingTheProblem() throws Exception {
    pipeline.run(1, WeekConditions.healthy());
    assertThat(service.awaitServing("serving-model:1", WAIT)).isTrue();
    HttpResponse<String> missing = post("{\"tenure_months\":3}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("'monthly_charges' is missing");
    HttpResponse<String> notJson = post("tenure=3");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not JSON");
  }

  @Test
  void theModelIsPackagedWithItsInputSignatureAndTheGateVerdictIsAudited() {
    pipeline.run(1, WeekConditions.healthy());
    ArtifactVersion packaged = repo.artifacts().version(new VersionId(ServingPipeline.MODEL, 1));
    assertThat(packaged.tags()).containsKeys("input.tenure_months", "input.monthly_charges", "input.contract",
        "input.support_calls");
    assertThat(packaged.metric("auc").orElseThrow()).isGreaterThan(ServingPipeline.MIN_AUC);
    assertThat(repo.audit().newestFirst().filter(e -> e.type() == AuditEventType.GATE_VERDICT))
        .singleElement().satisfies(e -> assertThat(e.detail("verdict")).isEqualTo("PASSED"));
  }

  @Test
  void aModelBelowTheGateIsNotDeployedAndTheServiceKeepsTheOldOne() throws Exception {
    pipeline.run(1, WeekConditions.healthy());
    Deployment drifted = pipeline.run(2, WeekConditions.swappedContractCodes());
    assertThat(drifted.promoted()).isFalse();
    assertThat(service.awaitServing("serving-model:1", WAIT)).isTrue();
    assertThat(drifted.auc()).isLessThan(ServingPipeline.MIN_AUC);
    assertThat(drifted.reason()).contains("auc-minimum");
    assertThat(repo.artifacts().alias(ServingPipeline.MODEL, ServingPipeline.PRODUCTION).orElseThrow().number())
        .isEqualTo(1);
    assertThat(JSON.readTree(post(BODY).body()).get("model").asText()).isEqualTo("serving-model:1");
  }

  private HttpResponse<String> post(String body) throws Exception {
    return client.send(HttpRequest.newBuilder(service.uri().resolve("/predict"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    URI uri = service.uri().resolve("/" + path);
    return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
