package dev.pedigree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.objects.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delete, delete-artifact, delete-run, retention and gc, run in this JVM against a folder store. */
class LifecycleCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private CliRunner cli;
  private StoreFixture fixture;

  @BeforeEach
  void store() throws Exception {
    fixture = StoreFixture.create(temp.resolve("store"), Files.createDirectories(temp.resolve("scratch")));
    cli = new CliRunner().env(PedigreeCli.REPO_VARIABLE, fixture.uri).env(PedigreeCli.ACTOR_VARIABLE, "ci");
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result result = cli.run(args);
    assertThat(result.code()).as(result.toString()).isZero();
    return result;
  }

  private CliRunner.Result fails(int code, String... args) {
    CliRunner.Result result = cli.run(args);
    assertThat(result.code()).as(result.toString()).isEqualTo(code);
    assertThat(result.out()).as(result.toString()).isEmpty();
    return result;
  }

  private Path object(String content) {
    String hex = Digest.of(content.getBytes(UTF_8)).hex();
    return temp.resolve("store/objects/" + hex.substring(0, 2) + "/" + hex.substring(2));
  }

  @Test
  void aDeletedVersionReadsAsGoneAndAnAliasHolderIsRefused() throws Exception {
    CliRunner.Result held = fails(2, "delete", "churn-model:1", "--reason", "old");
    assertThat(held.err()).startsWith("pedigree: Cannot ").contains("production");
    fails(2, "delete", "churn-model", "--reason", "which one?");
    fails(2, "delete", "churn-model:2");

    assertThat(ok("delete", "churn-model:2", "--reason", "worse auc").out())
        .matches("Deleted churn-model:2 at \\S+Z by ci: worse auc\n");
    CliRunner.Result gone = fails(3, "show", "churn-model:2");
    assertThat(gone.err()).startsWith("pedigree: Cannot ").contains("churn-model:2").contains("was deleted at")
        .contains("by ci (worse auc)");
    fails(3, "get", "churn-model:2", temp.resolve("out.bin").toString());
    assertThat(fails(3, "alias", "churn-model", "staging", "2", "--reason", "bring it back").err())
        .contains("was deleted at");

    JsonNode again = JSON.readTree(ok("delete", "churn-model:2", "--reason", "twice", "--json").out());
    assertThat(again.get("subject").asText()).isEqualTo("churn-model:2");
    assertThat(again.get("reason").asText()).isEqualTo("worse auc");
    assertThat(again.get("actor").asText()).isEqualTo("ci");
    assertThat(again.get("time").asText()).endsWith("Z");
    fails(3, "delete", "churn-model:9", "--reason", "never was");

    JsonNode run = JSON.readTree(ok("delete-run", fixture.trainRun, "--reason", "bad code", "--json").out());
    assertThat(run.get("subject").asText()).isEqualTo("run:" + fixture.trainRun);
    fails(3, "delete-run", "no-such-run", "--reason", "typo");

    assertThat(ok("delete-artifact", "features", "--reason", "rebuilt elsewhere").out())
        .startsWith("Deleted features at ").endsWith(": rebuilt elsewhere\n");
    assertThat(ok("ls").out()).doesNotContain("features");
    fails(3, "show", "features:1");
    fails(3, "delete-artifact", "features", "--reason", "twice");
    assertThat(JSON.readTree(ok("audit", "--json").out()).get("events")).extracting(e -> e.get("type").asText())
        .contains("VERSION_DELETED", "RUN_DELETED", "ARTIFACT_DELETED");
  }

  @Test
  void retentionPlansWithReasonsAppliesOnlyWhenAskedAndGcReclaimsTheBytes() throws Exception {
    CliRunner.Result plan = ok("retention", "churn-model", "--keep-last", "1");
    assertThat(plan.out().lines()).first().isEqualTo(
        "Retention plan (dry run): 2 kept, 1 to delete; add --apply --reason TEXT to delete them");
    assertThat(plan.out()).containsPattern("(?m)^  churn-model:1 +keep +.*held by alias 'production' now")
        .containsPattern("(?m)^  churn-model:2 +delete +no rule keeps it$")
        .containsPattern("(?m)^  churn-model:3 +keep +.*the newest version");
    assertThat(plan.err()).isEmpty();
    ok("show", "churn-model:2");

    JsonNode tagged = JSON.readTree(ok("retention", "churn-model", "--keep-last", "1", "--keep-tagged", "team=growth",
        "--keep-alias-holders", "--window", "30d", "--json").out());
    assertThat(tagged.get("applied").asBoolean()).isFalse();
    assertThat(tagged.get("toDelete")).isEmpty();
    JsonNode second = tagged.get("decisions").get(1);
    assertThat(second.get("version").asText()).isEqualTo("churn-model:2");
    assertThat(second.get("keep").asBoolean()).isTrue();
    assertThat(second.get("reasons")).extracting(JsonNode::asText).contains("tagged team=growth");

    fails(2, "retention", "--keep-last", "1", "--apply");
    fails(2, "retention", "--keep-last", "1", "--reason", "dry");
    fails(2, "retention", "churn-model");
    fails(2, "retention", "--keep-newer-than", "soon");
    fails(2, "retention", "--keep-last", "1", "--window", "3d");

    JsonNode dry = JSON.readTree(ok("gc", "--dry-run", "--json").out());
    assertThat(dry.get("dryRun").asBoolean()).isTrue();
    assertThat(dry.get("objectsDeleted").asLong()).isZero();

    CliRunner.Result applied = ok("retention", "churn-model", "--keep-last", "1", "--apply", "--reason", "keep it small");
    assertThat(applied.out()).startsWith("Retention applied: 2 kept, 1 deleted\n")
        .containsPattern("(?m)^  churn-model:2 +deleted +no rule keeps it$");
    assertThat(fails(3, "show", "churn-model:2").err()).contains("retention: keep it small");

    Path weights = object("weights 2");
    assertThat(weights).exists();
    JsonNode preview = JSON.readTree(ok("gc", "--dry-run", "--json").out());
    assertThat(preview.get("objectsDeleted").asLong()).isPositive();
    assertThat(preview.get("bytesDeleted").asLong()).isGreaterThanOrEqualTo("weights 2".length());
    assertThat(weights).exists();
    assertThat(ok("gc", "--dry-run").out()).startsWith("Would reclaim " + preview.get("objectsDeleted").asLong()
        + " objects (");

    CliRunner.Result gc = ok("gc", "--writer-window", "1s");
    assertThat(gc.out()).startsWith("Reclaimed " + preview.get("objectsDeleted").asLong() + " objects ("
        + Sizes.human(preview.get("bytesDeleted").asLong()) + ") of ");
    assertThat(gc.err()).isEmpty();
    assertThat(weights).doesNotExist();
    assertThat(object("weights 3")).exists();
    assertThat(JSON.readTree(ok("gc", "--dry-run", "--json").out()).get("objectsDeleted").asLong()).isZero();
    assertThat(ok("verify", "--full").out()).startsWith("intact: ");
    ok("get", "churn-model@production", temp.resolve("serving.bin").toString());
    assertThat(temp.resolve("serving.bin")).hasContent("weights 1");

    CliRunner terminal = new CliRunner().env(PedigreeCli.REPO_VARIABLE, fixture.uri).terminal(true);
    CliRunner.Result drawn = terminal.run("gc", "--dry-run");
    assertThat(drawn.code()).as(drawn.toString()).isZero();
    assertThat(drawn.err()).startsWith("\rgc: ").endsWith("\n");
    assertThat(terminal.run("gc", "--dry-run", "--no-progress").err()).isEmpty();
  }
}
