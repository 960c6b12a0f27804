package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.storage.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar run as a person runs it: {@code java -jar cli/target/pedigree-cli.jar}, a
 * separate process with its output piped, against a folder store and against S3Proxy on
 * loopback (the child reaches it through the {@code s3://} URI and the standard AWS variables).
 * Runs in the integration-test phase, after {@code package} built the jar.
 */
class CliProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR = Path.of(System.getProperty("pedigree.cli.jar", "target/pedigree-cli.jar"));

  @TempDir
  Path temp;

  private final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return start(command);
  }

  private Result start(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
    builder.environment().remove(PedigreeCli.REPO_VARIABLE);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("pedigree " + command + " did not finish in 120 s");
    }
    return new Result(process.exitValue(), Files.readString(temp.resolve("out.txt")), Files.readString(temp.resolve("err.txt")));
  }

  private Result ok(String... args) throws Exception {
    Result result = run(args);
    assertThat(result.code()).as(result.toString()).isZero();
    return result;
  }

  @Test
  void theJarCarriesEveryBackend() throws Exception {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      String providers = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.pedigree.storage.BlobStoreProvider"))
          .readAllBytes(), StandardCharsets.UTF_8);
      assertThat(providers).contains("FileBlobStoreProvider").contains("S3BlobStoreProvider").contains("GcsBlobStoreProvider");
    }
  }

  @Test
  void aTeamsDayOnAFolderStoreWithPipedOutput() throws Exception {
    env.put(PedigreeCli.REPO_VARIABLE, temp.resolve("store").toString());
    env.put(PedigreeCli.ACTOR_VARIABLE, "ci");
    exercise(temp.resolve("store").toUri().toString(), true);

    Result launcher = start(List.of("sh", Path.of("pedigree").toAbsolutePath().toString(), "ls"));
    assertThat(launcher.code()).as(launcher.toString()).isZero();
    assertThat(launcher.out()).contains("churn-model");
    assertThat(ok("--version").out()).isEqualTo("pedigree " + System.getProperty("pedigree.version", "0.1.0-SNAPSHOT") + "\n");
  }

  @Test
  void aTeamsDayOnS3() throws Exception {
    S3ProxyServer s3 = S3ProxyServer.shared();
    String uri = s3.uri(s3.createBucket(), "teams/churn");
    env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put(PedigreeCli.REPO_VARIABLE, uri);
    env.put(PedigreeCli.ACTOR_VARIABLE, "ci");
    exercise(uri, false);
  }

  /**
   * put, alias, read back, conflict, verify: the same story on any store; {@code everything}
   * adds usage errors, rollback, history and audit (each child JVM costs seconds, so the S3 run
   * keeps to what touches storage differently).
   */
  private void exercise(String uri, boolean everything) throws Exception {
    Path model = Files.writeString(temp.resolve("model.bin"), "weights v1");
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("train.csv"), "id\n1\n");

    Result put = ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString(), "--metric", "auc=0.91");
    assertThat(put.out()).startsWith("Registered churn-model:1 (MODEL, 10 B, sha256:");
    assertThat(put.err()).as("no progress bar when piped").isEmpty();
    Files.writeString(model, "weights v2");
    ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString(), "--metric", "auc=0.93");
    ok("put", "features", "--kind", "DATASET", "--dir", data.toString());
    ok("alias", "churn-model", "production", "1", "--reason", "first model");
    ok("alias", "churn-model", "production", "2", "--expect", "1", "--reason", "higher AUC");
    if (!everything) {
      Result conflict = run("alias", "churn-model", "production", "1", "--expect", "1", "--reason", "stale");
      assertThat(conflict.code()).as(conflict.toString()).isEqualTo(4);
      assertThat(run("show", "churn-model:9").code()).isEqualTo(3);
      JsonNode listing = JSON.readTree(ok("ls", "--json").out());
      assertThat(listing.get("artifacts")).extracting(a -> a.get("name").asText() + ":" + a.get("latest").asInt())
          .containsExactly("churn-model:2", "features:1");
      ok("get", "churn-model@production", temp.resolve("serving.bin").toString());
      assertThat(temp.resolve("serving.bin")).hasContent("weights v2");
      assertThat(ok("verify", "--full").out()).startsWith("intact: ").containsPattern("\\d+ objects re-hashed");
      ok("delete", "churn-model:1", "--reason", "superseded");
      assertThat(run("show", "churn-model:1").code()).isEqualTo(3);
      JsonNode gc = JSON.readTree(ok("gc", "--writer-window", "1s", "--json").out());
      assertThat(gc.get("bytesReclaimed").asLong()).isGreaterThanOrEqualTo("weights v1".length());
      return;
    }

    Result conflict = run("alias", "churn-model", "production", "1", "--expect", "1", "--reason", "stale");
    assertThat(conflict.code()).as(conflict.toString()).isEqualTo(4);
    assertThat(conflict.err()).startsWith("pedigree: Cannot update ref");
    Result missing = run("show", "churn-model:9");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(3);
    assertThat(missing.out()).isEmpty();
    Result usage = run("show", "--repo", uri, "--bogus");
    assertThat(usage.code()).as(usage.toString()).isEqualTo(2);

    JsonNode listing = JSON.readTree(ok("ls", "--repo", uri, "--json").out());
    assertThat(listing.get("artifacts")).extracting(a -> a.get("name").asText() + ":" + a.get("latest").asInt())
        .containsExactly("churn-model:2", "features:1");
    assertThat(listing.get("artifacts").get(0).get("aliases").get("production").asInt()).isEqualTo(2);

    ok("rollback", "churn-model@production", "--reason", "complaints from support");
    assertThat(JSON.readTree(ok("show", "churn-model@production", "--json").out()).get("number").asInt()).isEqualTo(1);
    assertThat(ok("history", "churn-model@production").out().lines().skip(1).map(l -> l.split("\\s+")[2]))
        .containsExactly("ROLLBACK", "MOVE", "MOVE");

    ok("get", "churn-model@production", temp.resolve("serving.bin").toString());
    assertThat(temp.resolve("serving.bin")).hasContent("weights v1");
    ok("get", "features", temp.resolve("features").toString());
    assertThat(temp.resolve("features/train.csv")).hasContent("id\n1\n");

    Result verify = ok("verify", "--full");
    assertThat(verify.out()).startsWith("intact: ").containsPattern("\\d+ objects re-hashed");
    assertThat(verify.err()).isEmpty();
    assertThat(JSON.readTree(ok("audit", "--json").out()).get("events")).extracting(e -> e.get("type").asText())
        .containsExactly("ARTIFACT_CREATED", "VERSION_REGISTERED", "VERSION_REGISTERED", "ARTIFACT_CREATED",
            "VERSION_REGISTERED", "ALIAS_MOVED", "ALIAS_MOVED", "ALIAS_ROLLED_BACK");
  }
}
