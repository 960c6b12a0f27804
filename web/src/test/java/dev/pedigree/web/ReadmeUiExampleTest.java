package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's UI snippets, run: mounting in a service's server, and serving standalone. */
class ReadmeUiExampleTest {
  @TempDir
  Path scratch;

  @Test
  void mountsInAServicesOwnServer() throws Exception {
    int port = 0;
    Set<String> releaseManagers = Set.of("dana");
    BasicAuthenticator serviceLogin = new BasicAuthenticator("ml-service") {
      @Override
      public boolean checkCredentials(String user, String password) {
        return "dana".equals(user) && "s3cret".equals(password);
      }
    };
    try (Repository repo = DemoStore.create("alice", "", scratch)) {
      // snippet:mount
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0); // your service's server
      PedigreeWeb.builder(repo)
          .authorizer(request -> request.principal().filter(releaseManagers::contains)) // optional: enables alias moves
          .build()
          .mount(server, "/pedigree")          // UI at /pedigree/, API at /pedigree/api/
          .setAuthenticator(serviceLogin);      // your login; the authorizer sees its user
      server.start();
      // end-snippet
      try {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/pedigree";
        String login = "Basic " + Base64.getEncoder().encodeToString("dana:s3cret".getBytes(StandardCharsets.UTF_8));
        var page = Http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", login).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("churn-model", "writes enabled");
        var versions = Http.send(HttpRequest.newBuilder(URI.create(base + "/api/artifacts/churn-model/versions"))
            .header("Authorization", login).build());
        assertThat(Http.json(versions).get("items")).hasSize(5);
        assertThat(Http.get(URI.create(base + "/")).statusCode()).as("the service's login guards the UI").isEqualTo(401);
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void servesStandalone() throws Exception {
    int port = 0;
    try (Repository repo = DemoStore.create("alice", "", scratch)) {
      // snippet:standalone
      PedigreeWebServer ui = PedigreeWebServer.start(repo, "127.0.0.1", port); // read-only, mounted at /
      System.out.println("Pedigree UI at " + ui.uri());   // ui.awaitStop() blocks until ui.close()
      // end-snippet
      try {
        assertThat(ui.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/");
        assertThat(Http.getJson(ui.uri().resolve("api/integrity")).get("intact").asBoolean()).isTrue();
        assertThat(Http.get(ui.uri().resolve("artifacts/churn-model/aliases")).body()).contains("read-only")
            .doesNotContain("alias-write");
      } finally {
        ui.close();
      }
    }
  }
}
