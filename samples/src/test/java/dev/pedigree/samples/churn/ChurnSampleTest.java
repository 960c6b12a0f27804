package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Runs the command-line entry point as a person or a CI job would, and reads what it wrote. */
class ChurnSampleTest {
  @TempDir
  Path dir;

  private String repoLocation() {
    return BlobStores.schemes().contains("file") ? dir.resolve("repo").toString()
        : "mem:churn-sample-" + UUID.randomUUID();
  }

  @Test
  void theSimulationPrintsEachWeekAndWritesVerdictsJunitXmlAndLineage() throws Exception {
    Path out = dir.resolve("out");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status = ChurnSample.run(new String[] {"--repo", repoLocation(), "--out", out.toString(), "--weeks", "3"},
        new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of());
    String report = printed.toString(StandardCharsets.UTF_8);

    assertThat(status).isZero();
    assertThat(report).contains("Week 1 — healthy", "Week 3 — contract codes swapped upstream",
        "REJECTED by the gate; production unchanged", "aliases   staging → v2, production → v2",
        "ALERT     churn-model:3 rejected for staging by churn-auc-gate");
    assertThat(report).contains("Retention (keep the last 3 churn-model versions and every version production held):",
        "churn-model:3    kept: the newest version", "Garbage collection reclaimed ");
    // Production's model, trained in week 2, and the features it was trained on are made again
    // from their recorded runs and match bit for bit.
    assertThat(report).contains("Reproducing churn-model:2 from its recorded run ",
        "IDENTICAL reproduced churn-model:2 bit for bit: stage 'train' ran again from inputs [features=churn-features:2,"
            + " config=churn-config:1]",
        "IDENTICAL reproduced churn-features:2 bit for bit: stage 'preprocess' ran again from inputs [raw=churn-raw:2]");
    assertThat(Files.readString(out.resolve("verdicts/week-03.md"))).contains("REJECTED_BY_GATE")
        .contains("auc-not-below-production").contains("churn-model:2");
    assertThat(Files.readString(out.resolve("verdicts/week-02.md"))).contains("PROMOTED")
        .contains("staged-model-scores-fixed-batch");
    Path reports = out.resolve("reports");
    try (var files = Files.list(reports)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
          "TEST-churn-week-01-1-churn-auc-gate.xml", "TEST-churn-week-01-2-staging-integration.xml",
          "TEST-churn-week-01-3-churn-auc-gate.xml", "TEST-churn-week-02-1-churn-auc-gate.xml",
          "TEST-churn-week-02-2-staging-integration.xml", "TEST-churn-week-02-3-churn-auc-gate.xml",
          "TEST-churn-week-03-1-churn-auc-gate.xml");
    }
    Element suite = junit(reports.resolve("TEST-churn-week-03-1-churn-auc-gate.xml"));
    assertThat(suite.getAttribute("tests")).isEqualTo("1");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
        .contains("below production churn-model:2");
    assertThat(Files.readString(out.resolve("lineage/production.mmd"))).contains("churn-model").contains("churn-raw")
        .contains("churn/preprocess");
    assertThat(Files.readString(out.resolve("lineage/production.dot"))).startsWith("digraph")
        .contains("churn-features");
    assertThat(Files.readString(out.resolve("alerts.log"))).contains("churn-model:3 rejected");
  }

  @Test
  void ciModeRunsOneWeekAndFailsTheJobWhenTheGateRejects() throws Exception {
    String repo = repoLocation();
    Path summary = dir.resolve("step-summary.md");
    Path reports = dir.resolve("ci-reports");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", summary.toString());
    for (int week = 1; week <= 2; week++) {
      assertThat(ci(repo, week, reports, env)).isZero();
    }
    assertThat(Files.readString(summary)).contains("## Week 2 — healthy: ✅ PROMOTED");

    int status = ci(repo, 3, reports, env);

    assertThat(status).isEqualTo(1);
    assertThat(Files.readString(summary)).contains("## Week 3 — contract codes swapped upstream: ❌ REJECTED_BY_GATE")
        .contains("below production churn-model:2");
    Element suite = junit(reports.resolve("TEST-churn-week-03-1-churn-auc-gate.xml"));
    assertThat(suite.getAttribute("tests")).isEqualTo("1");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhatIsWrong() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    assertThat(ChurnSample.run(new String[] {"--ci"}, out, Map.of())).isEqualTo(2);
    assertThat(ChurnSample.run(new String[] {"--weeks", "0"}, out, Map.of())).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("give the week to run with --week N")
        .contains("--weeks must be 1 to 520");
  }

  private int ci(String repo, int week, Path reports, Map<String, String> env) {
    return ChurnSample.run(new String[] {"--ci", "--week", Integer.toString(week), "--repo", repo, "--out",
        dir.resolve("ci-out").toString(), "--reports", reports.toString()}, new PrintStream(new ByteArrayOutputStream(),
        true, StandardCharsets.UTF_8), env);
  }

  private static Element junit(Path file) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    return doc.getDocumentElement();
  }
}
