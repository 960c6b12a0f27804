package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.objects.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put, get, alias, rollback and verify, run in this JVM against a folder store, and what they leave in it. */
class WriteCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private CliRunner cli;
  private Path model;
  private Path data;

  @BeforeEach
  void files() throws Exception {
    cli = new CliRunner().env(PedigreeCli.REPO_VARIABLE, temp.resolve("store").toString()).env(PedigreeCli.ACTOR_VARIABLE, "ci");
    model = Files.writeString(temp.resolve("model.bin"), "weights v1");
    data = Files.createDirectories(temp.resolve("data/part"));
    Files.writeString(data.resolve("a.csv"), "id\n1\n");
    Files.writeString(temp.resolve("data/b.csv"), "id\n2\n");
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result result = cli.run(args);
    assertThat(result.code()).as(result.toString()).isZero();
    return result;
  }

  @Test
  void putRegistersAFileOrAFolderAndGetWritesItBackVerified() throws Exception {
    CliRunner.Result put = ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString(), "--param", "epochs=20",
        "--metric", "auc=0.91", "--tag", "team=growth", "--description", "first try");
    assertThat(put.out()).isEqualTo("Registered churn-model:1 (MODEL, 10 B, "
        + Digest.of("weights v1".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ")\n");
    assertThat(put.err()).isEmpty();
    JsonNode shown = JSON.readTree(ok("show", "churn-model", "--json").out());
    assertThat(shown.get("params").get("epochs").asText()).isEqualTo("20");
    assertThat(shown.get("metrics").get("auc").asDouble()).isEqualTo(0.91);
    assertThat(shown.get("tags").get("team").asText()).isEqualTo("growth");
    assertThat(shown.get("description").asText()).isEqualTo("first try");
    assertThat(shown.get("createdBy").asText()).isEqualTo("ci");

    JsonNode dir = JSON.readTree(ok("put", "features", "--kind", "DATASET", "--dir", temp.resolve("data").toString(), "--json").out());
    assertThat(dir.get("id").asText()).isEqualTo("features:1");
    assertThat(dir.get("layout").asText()).isEqualTo("DIRECTORY");
    assertThat(dir.get("size").asLong()).isEqualTo(10);

    Path out = temp.resolve("out");
    assertThat(ok("get", "churn-model:1", out.resolve("m.bin").toString()).out()).isEqualTo("Wrote churn-model:1 (10 B) to "
        + out.resolve("m.bin") + "\n");
    assertThat(out.resolve("m.bin")).hasContent("weights v1");
    ok("get", "churn-model", out.toString());
    assertThat(out.resolve("churn-model")).hasContent("weights v1");
    JsonNode got = JSON.readTree(ok("get", "features:1", out.resolve("features").toString(), "--json").out());
    assertThat(got.get("layout").asText()).isEqualTo("DIRECTORY");
    assertThat(out.resolve("features/part/a.csv")).hasContent("id\n1\n");
    assertThat(out.resolve("features/b.csv")).hasContent("id\n2\n");
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.bin", "churn-model", "features");
    }
  }

  @Test
  void aliasMovesRollbacksAndTheirHistory() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Files.writeString(model, "weights v" + i);
      ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString());
    }
    assertThat(ok("alias", "churn-model", "production", "1", "--reason", "first").out())
        .isEqualTo("churn-model@production: nothing -> 1 (move #1 by ci: first)\n");
    ok("alias", "churn-model", "production", "2", "--expect", "1", "--reason", "better", "--actor", "bob");
    JsonNode moved = JSON.readTree(ok("alias", "churn-model", "production", "3", "--reason", "best", "--json").out());
    assertThat(moved.get("from").asInt()).isEqualTo(2);
    assertThat(moved.get("to").asInt()).isEqualTo(3);
    assertThat(moved.get("kind").asText()).isEqualTo("MOVE");
    assertThat(ok("rollback", "churn-model@production", "--reason", "latency").out())
        .isEqualTo("churn-model@production: 3 -> 2 (rollback #4 by ci: latency)\n");
    assertThat(ok("rollback", "churn-model@production", "--to", "1", "--reason", "back to basics").out())
        .isEqualTo("churn-model@production: 2 -> 1 (rollback #5 by ci: back to basics)\n");
    JsonNode history = JSON.readTree(ok("history", "churn-model@production", "--json").out()).get("changes");
    assertThat(history).extracting(c -> c.get("actor").asText() + ":" + c.get("to").asInt())
        .containsExactly("ci:1", "ci:2", "ci:3", "bob:2", "ci:1");
    JsonNode audit = JSON.readTree(ok("audit", "--type", "ALIAS_ROLLED_BACK", "--json").out()).get("events");
    assertThat(audit).extracting(e -> e.get("details").get("reason").asText()).containsExactly("latency", "back to basics");
  }

  @Test
  void verifyPassesOnAnIntactStoreAndFullVerifyFindsAChangedByte() throws Exception {
    ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString());
    ok("put", "features", "--kind", "DATASET", "--dir", temp.resolve("data").toString());
    assertThat(ok("verify").out()).startsWith("intact: ").contains("2 version log entries");
    JsonNode report = JSON.readTree(ok("verify", "--full", "--json").out());
    long rehashed = report.get("content").get("objects").asLong();
    assertThat(rehashed).isGreaterThanOrEqualTo(3);
    CliRunner.Result full = ok("verify", "--full");
    assertThat(full.out()).matches("intact: \\d+ audit events, 2 version log entries, " + rehashed + " objects re-hashed\n");
    assertThat(full.err()).isEmpty();
    assertThat(report.get("intact").asBoolean()).isTrue();
    assertThat(report.get("level").asText()).isEqualTo("full");
    assertThat(report.get("problems")).isEmpty();

    Digest a = Digest.of("id\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // A folder's small files lie in a pack: change the file's bytes where the pack holds them.
    Path pack;
    try (var packs = Files.list(temp.resolve("store/packs"))) {
      pack = packs.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("id\n1\n");
    assertThat(at).as("a.csv's bytes are in the pack").isPositive();
    bytes[at + 3] = '7';
    pack.toFile().setWritable(true);
    Files.write(pack, bytes);

    assertThat(ok("verify").out()).startsWith("intact: ");
    CliRunner.Result broken = cli.run("verify", "--full");
    assertThat(broken.code()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.out()).startsWith("NOT INTACT: ").contains("\n  DAMAGED features:1: object " + a + " is damaged");
    JsonNode problems = JSON.readTree(cli.run("verify", "--full", "--json").out()).get("problems");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).get("kind").asText()).isEqualTo("DAMAGED");
    assertThat(problems.get(0).get("subject").asText()).isEqualTo("features:1");
    assertThat(problems.get(0).get("action").asText()).isNotBlank();
    assertThat(cli.run("get", "features:1", temp.resolve("again").toString()).code()).isEqualTo(1);
  }

  @Test
  void progressIsDrawnOnATerminalOnly() throws Exception {
    Files.write(model, new byte[3 << 20]);
    ok("put", "churn-model", "--kind", "MODEL", "--file", model.toString());
    CliRunner.Result piped = ok("get", "churn-model", temp.resolve("piped.bin").toString());
    assertThat(piped.err()).isEmpty();

    CliRunner terminal = new CliRunner().env(PedigreeCli.REPO_VARIABLE, temp.resolve("store").toString()).terminal(true);
    CliRunner.Result drawn = terminal.run("get", "churn-model", temp.resolve("drawn.bin").toString());
    assertThat(drawn.code()).isZero();
    assertThat(drawn.err()).startsWith("\rget churn-model:1 [").contains("] 100% 3.0 MiB/3.0 MiB ").endsWith("\n");
    assertThat(drawn.out()).startsWith("Wrote churn-model:1");
    assertThat(terminal.run("get", "churn-model", temp.resolve("quiet.bin").toString(), "--no-progress").err()).isEmpty();
    assertThat(terminal.run("verify", "--full").err()).startsWith("\rverify --full: ").contains("verify --full: objects ")
        .endsWith("\n");
    assertThat(terminal.run("put", "other", "--kind", "MODEL", "--file", model.toString()).err())
        .startsWith("\rput other (1 file)");
  }
}
