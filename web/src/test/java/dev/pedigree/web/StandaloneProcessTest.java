package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PedigreeWebServer.main} as a user (or the command line) starts it: a child JVM on a folder store. */
class StandaloneProcessTest {
  @Test
  void servesAFolderRepositoryUntilStopped(@TempDir Path dir) throws Exception {
    String location = dir.toUri().toString();
    try (Repository repo = Repository.open(location)) {
      repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("w".getBytes(StandardCharsets.UTF_8)).metric("auc", 0.9).build());
    }
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), PedigreeWebServer.class.getName(), "--repo", location, "--port", "0")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String uri = null;
      while (uri == null && (line = out.readLine()) != null) {
        if (line.startsWith("Pedigree UI for ")) {
          uri = line.substring(line.indexOf(" at ") + 4);
        }
      }
      assertThat(uri).as("the server announces its address").startsWith("http://127.0.0.1:");
      assertThat(Http.getJson(URI.create(uri + "api/artifacts")).get(0).get("latest").asInt()).isEqualTo(1);
      assertThat(Http.get(URI.create(uri)).body()).contains("churn-model", "read-only");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aBadUsageExitsWithTwo() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), PedigreeWebServer.class.getName(), "--port", "http")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("Usage: --repo URI [--port 8080] [--host 127.0.0.1]");
  }

  @Test
  void aTakenPortOrAnImpossibleOneIsATypedError(@TempDir Path dir) {
    try (Repository repo = Repository.open(dir.toUri().toString());
        PedigreeWebServer first = PedigreeWebServer.start(repo, "127.0.0.1", 0)) {
      assertThatThrownBy(() -> PedigreeWebServer.start(repo, "127.0.0.1", first.port()))
          .isInstanceOf(StorageException.class).hasMessageContaining("choose another port");
      assertThatThrownBy(() -> PedigreeWebServer.start(repo, "127.0.0.1", 70_000))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("Cannot serve the Pedigree UI on port 70000: a port is 0 to 65535; use 0 for any free port");
    }
  }
}
