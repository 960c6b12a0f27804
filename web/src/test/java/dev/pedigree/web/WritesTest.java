package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.exceptions.InvalidRequestException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alias-move and rollback endpoints: present only with an authorizer, POST only, from the
 * UI's own origin with its CSRF token in a header, JSON bodies, and decided by the service's
 * authorizer, which sees the user its authenticator established.
 */
class WritesTest {
  @TempDir
  Path scratch;
  Repository repo;
  HttpServer service;
  String origin;
  URI production;
  final List<WriteRequest> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    repo = DemoStore.create("alice", "", scratch);
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    PedigreeWeb web = PedigreeWeb.builder(repo).authorizer(request -> {
      asked.add(request);
      return request.principal().filter(user -> user.equals("ops"));
    }).build();
    web.mount(service, "/pedigree").setAuthenticator(new BasicAuthenticator("pedigree") {
      @Override
      public boolean checkCredentials(String user, String password) {
        return password.equals(user + "-secret");
      }
    });
    service.start();
    origin = "http://127.0.0.1:" + service.getAddress().getPort();
    production = URI.create(origin + "/pedigree/api/artifacts/churn-model/aliases/production");
  }

  @AfterEach
  void stop() {
    service.stop(0);
    repo.close();
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-secret").getBytes(StandardCharsets.UTF_8));
  }

  /** The token as a page of the UI hands it to its script. */
  private String token(String user) {
    HttpResponse<String> page = Http.send(HttpRequest.newBuilder(URI.create(origin + "/pedigree/artifacts/churn-model/aliases"))
        .header("Authorization", basic(user)).build());
    String body = page.body();
    int start = body.indexOf("<script type=\"application/json\" id=\"pedigree-page\">");
    String json = body.substring(body.indexOf('>', start) + 1, body.indexOf("</script>", start));
    return Http.parse(json).get("csrfToken").asText();
  }

  private Map<String, String> sameOrigin(String user) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", basic(user));
    headers.put("Origin", origin);
    headers.put("Content-Type", "application/json");
    headers.put("X-Pedigree-Csrf", token(user));
    return headers;
  }

  @Test
  void aSameOriginRequestWithTheTokenMovesTheAliasAndSaysWho() {
    HttpResponse<String> moved = Http.post(production, "{\"version\": 5, \"reason\": \"hotfix verified\"}", sameOrigin("ops"));
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    JsonNode change = Http.json(moved);
    assertThat(change.get("kind").asText()).isEqualTo("MOVE");
    assertThat(change.get("to").asInt()).isEqualTo(5);
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("production", 5);
    AliasChange recorded = repo.artifacts().aliasHistory("churn-model", "production").get(0);
    assertThat(recorded.reason()).isEqualTo("hotfix verified (by ops via the web UI)");
    assertThat(asked).singleElement().satisfies(request -> {
      assertThat(request.action()).isEqualTo("move");
      assertThat(request.version()).hasValue(5);
      assertThat(request.principal()).contains("ops");
      assertThat(request.header("origin")).contains(origin);
    });

    HttpResponse<String> back = Http.post(URI.create(production + "/rollback"), "{\"reason\": \"undo\"}", sameOrigin("ops"));
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(Http.json(back).get("kind").asText()).isEqualTo("ROLLBACK");
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("production", 3);
  }

  @Test
  void aRefererFromTheUiCountsAsSameOrigin() {
    Map<String, String> headers = sameOrigin("ops");
    headers.remove("Origin");
    headers.put("Referer", origin + "/pedigree/artifacts/churn-model/aliases");
    assertThat(Http.post(production, "{\"version\": 4, \"reason\": \"r\"}", headers).statusCode()).isEqualTo(200);
  }

  @Test
  void crossSiteAndTokenlessRequestsAreRefusedBeforeTheAuthorizerIsAsked() {
    assertRefused(without("Origin"), 403, "origin is not");
    assertRefused(with("Origin", "http://evil.example"), 403, "origin is not");
    assertRefused(with("Origin", "null"), 403, "origin is not");
    assertRefused(with("Sec-Fetch-Site", "cross-site"), 403, "another site");
    assertRefused(without("X-Pedigree-Csrf"), 403, "X-Pedigree-Csrf header is missing or wrong");
    assertRefused(with("X-Pedigree-Csrf", "guess"), 403, "X-Pedigree-Csrf header is missing or wrong");
    assertRefused(with("Content-Type", "application/x-www-form-urlencoded"), 415, "application/json");
    assertThat(asked).isEmpty();
    HttpResponse<String> put = Http.send(HttpRequest.newBuilder(production).PUT(HttpRequest.BodyPublishers.ofString("{}"))
        .header("Authorization", basic("ops")).build());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("production", 3);
  }

  @Test
  void theAuthorizerDecidesWhoMayWrite() {
    HttpResponse<String> refused = Http.post(production, "{\"version\": 5, \"reason\": \"let me\"}", sameOrigin("intern"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Http.json(refused).get("error").asText()).contains("authorizer refused");
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.principal()).contains("intern"));
    HttpResponse<String> anonymous = Http.post(production, "{\"version\": 5, \"reason\": \"let me\"}",
        Map.of("Origin", origin, "Content-Type", "application/json"));
    assertThat(anonymous.statusCode()).as("the service's own authenticator answers first").isEqualTo(401);
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("production", 3);
  }

  @Test
  void badBodiesAndImpossibleMovesAreExplained() {
    HttpResponse<String> noReason = Http.post(production, "{\"version\": 5}", sameOrigin("ops"));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(Http.json(noReason).get("error").asText()).contains("a reason is required");
    assertThat(Http.post(production, "{\"version\": \"five\", \"reason\": \"r\"}", sameOrigin("ops")).statusCode()).isEqualTo(400);
    assertThat(Http.post(production, "not json", sameOrigin("ops")).statusCode()).isEqualTo(400);
    HttpResponse<String> missing = Http.post(production, "{\"version\": 42, \"reason\": \"r\"}", sameOrigin("ops"));
    assertThat(missing.statusCode()).isEqualTo(404);
    HttpResponse<String> neverSet = Http.post(URI.create(origin + "/pedigree/api/artifacts/features/aliases/prod/rollback"),
        "{\"reason\": \"r\"}", sameOrigin("ops"));
    assertThat(neverSet.statusCode()).isEqualTo(409);
    assertThat(Http.json(neverSet).get("error").asText()).startsWith("Cannot roll back features@prod");
  }

  @Test
  void theBuilderAndTheMountRejectMistakes() {
    PedigreeWeb.Builder builder = PedigreeWeb.builder(repo).authorizer(r -> Optional.empty());
    assertThatThrownBy(() -> builder.authorizer(r -> Optional.empty())).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the authorizer twice; give one WriteAuthorizer that combines both");
    assertThatThrownBy(() -> PedigreeWeb.readOnly(repo).mount(service, "pedigree")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Cannot mount the Pedigree UI at 'pedigree': a mount path starts with '/'");
    assertThat(PedigreeWeb.readOnly(repo).writable()).isFalse();
    assertThat(builder.build().writable()).isTrue();
  }

  private Map<String, String> with(String header, String value) {
    Map<String, String> headers = sameOrigin("ops");
    headers.put(header, value);
    return headers;
  }

  private Map<String, String> without(String header) {
    Map<String, String> headers = sameOrigin("ops");
    headers.remove(header);
    return headers;
  }

  private void assertRefused(Map<String, String> headers, int status, String why) {
    HttpResponse<String> response = Http.post(production, "{\"version\": 5, \"reason\": \"sneaky\"}", headers);
    assertThat(response.statusCode()).as(headers.toString()).isEqualTo(status);
    assertThat(Http.json(response).get("error").asText()).contains(why);
  }
}
