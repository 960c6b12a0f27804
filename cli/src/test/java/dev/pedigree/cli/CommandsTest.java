package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The read commands, run in this JVM against one folder store (which none of them changes), in text and JSON. */
class CommandsTest extends SharedStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonNode json(String... args) throws Exception {
    CliRunner.Result result = cli.run(args);
    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.err()).isEmpty();
    return JSON.readTree(result.out());
  }

  @Test
  void lsListsArtifactsWithKindLatestAndAliases() throws Exception {
    CliRunner.Result text = cli.run("ls");
    assertThat(text.code()).isZero();
    assertThat(text.out().lines()).containsExactly(
        "ARTIFACT       KIND     LATEST  ALIASES",
        "churn-model    MODEL    3       production=1 staging=3",
        "features       DATASET  2       -",
        "raw-customers  DATASET  1       -");

    JsonNode listing = json("ls", "--json");
    assertThat(listing.get("artifacts")).hasSize(3);
    JsonNode model = listing.get("artifacts").get(0);
    assertThat(model.get("name").asText()).isEqualTo("churn-model");
    assertThat(model.get("kind").asText()).isEqualTo("MODEL");
    assertThat(model.get("latest").asInt()).isEqualTo(3);
    assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);
    assertThat(json("ls", "churn", "--json").get("artifacts")).hasSize(1);
    assertThat(json("ls", "--kind", "DATASET", "--json").get("artifacts")).hasSize(2);
  }

  @Test
  void theRepoOptionWinsOverTheEnvironmentAndMayStandBeforeOrAfterTheCommand() throws Exception {
    CliRunner bare = new CliRunner().env(PedigreeCli.REPO_VARIABLE, temp.resolve("empty").toUri().toString());
    assertThat(bare.run("ls").out()).isEqualTo("No artifacts.\n");
    assertThat(bare.run("--repo", store.uri, "ls").out()).contains("churn-model");
    assertThat(bare.run("ls", "--repo", store.uri).out()).contains("churn-model");
  }

  @Test
  void showPrintsOneVersionWithItsOrigin() throws Exception {
    CliRunner.Result text = cli.run("show", "churn-model@production");
    assertThat(text.code()).as(text.toString()).isZero();
    assertThat(text.out()).startsWith("churn-model:1\n")
        .contains("  kind         MODEL (file, 9 B)")
        .contains("  created      ").contains(" by alice")
        .contains("  produced by  run ").contains("(train)")
        .contains("  aliases      production")
        .contains("params\n  epochs  10\n")
        .contains("metrics\n  auc  0.85\n")
        .contains("tags\n  team  core\n");

    JsonNode v = json("show", "churn-model:3", "--json");
    assertThat(v.get("id").asText()).isEqualTo("churn-model:3");
    assertThat(v.get("number").asInt()).isEqualTo(3);
    assertThat(v.get("layout").asText()).isEqualTo("FILE");
    assertThat(v.get("size").asLong()).isEqualTo(9);
    assertThat(v.get("content").asText()).startsWith("sha256:");
    assertThat(v.get("metrics").get("auc").asDouble()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.get("aliases")).extracting(JsonNode::asText).containsExactly("staging");
    assertThat(v.get("producedBy").asText()).isEqualTo(store.trainRun);
    assertThat(json("show", "raw-customers", "--json").get("description").asText()).isEqualTo("CRM export");
  }

  @Test
  void versionsFiltersByTagAndMetric() throws Exception {
    CliRunner.Result all = cli.run("versions", "churn-model");
    assertThat(all.code()).isZero();
    assertThat(all.out().lines().skip(1).map(l -> l.split("\\s+")[0])).containsExactly("3", "2", "1");
    assertThat(all.out()).contains("production").contains("staging").contains("auc=0.95").contains("team=growth");

    JsonNode good = json("versions", "churn-model", "--metric", "auc>=0.9", "--json");
    assertThat(good.get("versions")).extracting(n -> n.get("number").asInt()).containsExactly(3, 2);
    JsonNode growth = json("versions", "churn-model", "--tag", "team=core", "--metric", "auc<0.9", "--json");
    assertThat(growth.get("versions")).extracting(n -> n.get("number").asInt()).containsExactly(1);
    assertThat(json("versions", "churn-model", "--limit", "1", "--json").get("versions")).hasSize(1);
    assertThat(cli.run("versions", "churn-model", "--metric", "auc>2").out()).isEqualTo("No version of churn-model matches.\n");
  }

  @Test
  void aliasesAndHistoryTellWhoMovedWhatWhenAndWhy() throws Exception {
    JsonNode aliases = json("aliases", "churn-model", "--json");
    assertThat(aliases.get("aliases")).extracting(n -> n.get("alias").asText() + "=" + n.get("version").asInt()
        + " " + n.get("kind").asText() + " " + n.get("reason").asText())
        .containsExactly("production=1 ROLLBACK complaints from support", "staging=3 MOVE try again");
    assertThat(cli.run("aliases", "churn-model").out()).contains("production  1").contains("alice");

    CliRunner.Result history = cli.run("history", "churn-model@production");
    assertThat(history.code()).isZero();
    assertThat(history.out().lines().toList()).hasSize(4);
    assertThat(history.out().lines().skip(1).map(l -> l.split("\\s+")[2])).containsExactly("ROLLBACK", "MOVE", "MOVE");

    JsonNode changes = json("history", "churn-model@production", "--json").get("changes");
    assertThat(changes.get(0).get("kind").asText()).isEqualTo("ROLLBACK");
    assertThat(changes.get(0).get("from").asInt()).isEqualTo(3);
    assertThat(changes.get(0).get("to").asInt()).isEqualTo(1);
    assertThat(changes.get(2).get("from").isNull()).isTrue();
    assertThat(changes.get(2).get("actor").asText()).isEqualTo("alice");
  }

  @Test
  void lineageGoesUpAndDownInEveryFormat() throws Exception {
    CliRunner.Result up = cli.run("lineage", "churn-model:3", "--up");
    assertThat(up.code()).as(up.toString()).isZero();
    assertThat(up.out()).isEqualTo("churn-model:3\n`-- produced by train (succeeded) run " + store.trainRun
        + "\n    `-- raw-customers:1\n");

    CliRunner.Result down = cli.run("lineage", "raw-customers", "--down", "--depth", "1");
    assertThat(down.out()).startsWith("raw-customers:1\n").contains("|-- read by train (succeeded)")
        .contains("churn-model:1").contains("churn-model:2").contains("churn-model:3");

    assertThat(cli.run("lineage", "churn-model:3", "--up", "--format", "mermaid").out()).contains("raw-customers:1")
        .startsWith("flowchart");
    assertThat(cli.run("lineage", "churn-model:3", "--up", "--format", "dot").out()).startsWith("digraph");
    JsonNode graph = json("lineage", "churn-model:3", "--up", "--json");
    assertThat(graph.get("root").asText()).isEqualTo("churn-model:3");
    assertThat(graph.get("direction").asText()).isEqualTo("up");
    assertThat(graph.get("nodes")).extracting(n -> n.get("type").asText()).containsExactlyInAnyOrder("version", "run", "version");
    assertThat(graph.get("edges")).extracting(e -> e.get("type").asText()).containsExactlyInAnyOrder("INPUT_OF", "PRODUCED");
    assertThat(json("lineage", "churn-model:3", "--up", "--format", "json").get("edges")).hasSize(2);
    assertThat(cli.run("lineage", "features", "--up").out()).contains("no recorded run produced it");
  }

  @Test
  void diffComparesFilesParamsAndMetrics() throws Exception {
    CliRunner.Result dirs = cli.run("diff", "features:1", "features:2");
    assertThat(dirs.code()).as(dirs.toString()).isZero();
    assertThat(dirs.out()).contains("files: 1 added, 1 removed, 1 changed, 1 unchanged")
        .contains("  + schema.json (2 B)").contains("  - README.md (2 B)").contains("  ~ train.csv (15 B -> 19 B)");

    JsonNode files = json("diff", "features:1", "features:2", "--json").get("files");
    assertThat(files.get("added")).extracting(f -> f.get("path").asText()).containsExactly("schema.json");
    assertThat(files.get("removed")).extracting(f -> f.get("path").asText()).containsExactly("README.md");
    assertThat(files.get("changed")).extracting(f -> f.get("path").asText()).containsExactly("train.csv");
    assertThat(files.get("unchanged").asInt()).isEqualTo(1);

    CliRunner.Result models = cli.run("diff", "churn-model:1", "churn-model:3");
    assertThat(models.out()).contains("  epochs  10                    30                    changed")
        .contains("  auc     0.85                  0.95                  +0.1");
    JsonNode diff = json("diff", "churn-model:1", "churn-model@staging", "--json");
    assertThat(diff.get("sameContent").asBoolean()).isFalse();
    assertThat(diff.get("files").isNull()).isTrue();
    assertThat(diff.get("params").get(0).get("status").asText()).isEqualTo("changed");
    assertThat(diff.get("metrics").get(0).get("delta").asDouble()).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void auditShowsEventsFilteredByArtifactTypeTimeAndActor() throws Exception {
    JsonNode all = json("audit", "--json");
    long registered = 1 + 2 + 3;
    assertThat(all.get("events").size()).isGreaterThanOrEqualTo((int) registered + 4);
    JsonNode moves = json("audit", "--artifact", "churn-model", "--type", "ALIAS_ROLLED_BACK", "--json");
    assertThat(moves.get("events")).hasSize(1);
    assertThat(moves.get("events").get(0).get("subject").asText()).isEqualTo("churn-model@production");
    assertThat(moves.get("events").get(0).get("details").get("reason").asText()).isEqualTo("complaints from support");
    assertThat(json("audit", "--since", "1h", "--by", "alice", "--limit", "2", "--json").get("events")).hasSize(2);
    assertThat(json("audit", "--since", "2999-01-01", "--json").get("events")).isEmpty();
    CliRunner.Result text = cli.run("audit", "--type", "VERSION_REGISTERED", "--artifact", "features");
    assertThat(text.out().lines().toList()).hasSize(3);
    assertThat(text.out()).contains("VERSION_REGISTERED  features:2");
  }

  @Test
  void exportPrintsARunsOpenLineageEvents() throws Exception {
    CliRunner.Result lines = cli.run("export", "openlineage", store.trainRun, "--namespace", "pedigree://team-ml");
    assertThat(lines.code()).as(lines.toString()).isZero();
    assertThat(lines.out().lines().map(l -> {
      try {
        return JSON.readTree(l).get("eventType").asText();
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    })).containsExactly("START", "COMPLETE");
    JsonNode array = json("export", "openlineage", store.trainRun, "--json");
    assertThat(array).hasSize(2);
    assertThat(array.get(1).get("job").get("namespace").asText()).isEqualTo("pedigree://default");
  }
}
