package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.exceptions.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class VerdictRenderingTest {
  private final Verdict verdict = Gate.named("production")
      .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
          .whenNoBaseline(BaselinePolicy.PASS).build())
      .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.5).build())
      .advise(Check.of("style-advice", ctx -> CheckResult.failed("x", "a | pipe and <angle> & ampersand\nnext line")))
      .require(Check.of("loss-not-worse", ctx -> CheckResult.skipped("x", Evidence.of("no loss was recorded"))))
      .build()
      .evaluate(CheckContext.of(Versions.auc(2, 0.79)).withBaseline(Versions.auc(1, 0.80)).withAlias("production"),
          Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void checkNamesCannotCarryMarkupSoOnlyEvidenceNeedsEscaping() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Check.of("pipes|and<xml>", ctx -> null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void reportsAreWrittenWhereCiLooksAndMarkdownAppends(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.util.List<java.nio.file.Path> files = VerdictReports.write(verdict, dir.resolve("reports"));
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("TEST-pedigree-gate-production.xml", "verdict-production.json", "verdict-production.md");
    assertThat(java.nio.file.Files.readString(files.get(0))).isEqualTo(verdict.render(VerdictFormat.JUNIT_XML));
    java.nio.file.Path summary = dir.resolve("summary.md");
    VerdictReports.appendMarkdown(verdict, summary);
    VerdictReports.appendMarkdown(verdict, summary);
    assertThat(java.nio.file.Files.readString(summary)).isEqualTo(verdict.render(VerdictFormat.MARKDOWN) + "\n"
        + verdict.render(VerdictFormat.MARKDOWN) + "\n");
  }

  @Test
  void jsonCarriesEveryField() throws Exception {
    JsonNode json = new ObjectMapper().readTree(verdict.render(VerdictFormat.JSON));
    assertThat(json.get("gate").asText()).isEqualTo("production");
    assertThat(json.get("outcome").asText()).isEqualTo("REJECTED");
    assertThat(json.get("candidate").asText()).isEqualTo("churn-model:2");
    assertThat(json.get("baseline").asText()).isEqualTo("churn-model:1");
    assertThat(json.get("alias").asText()).isEqualTo("production");
    assertThat(json.get("time").asText()).isEqualTo("2026-11-27T10:00:00Z");
    JsonNode first = json.get("checks").get(0);
    assertThat(first.get("name").asText()).isEqualTo("auc-not-worse");
    assertThat(first.get("status").asText()).isEqualTo("FAILED");
    assertThat(first.get("required").asBoolean()).isTrue();
    assertThat(first.get("observed").get("auc.baseline").asText()).isEqualTo("0.8");
    assertThat(first.get("thresholds").get("auc").asText()).isEqualTo("relative degradation < 1.00%");
    assertThat(json.get("checks")).hasSize(4);
  }

  @Test
  void markdownHasATableRowPerCheckWithIconsAndEscapedCells() {
    String md = verdict.render(VerdictFormat.MARKDOWN);
    assertThat(md).startsWith("### ❌ Gate `production` rejected `churn-model:2`\n");
    assertThat(md).contains("- Baseline: `churn-model:1`\n- Target alias: `production`\n");
    assertThat(md).contains("| ❌ | `auc-not-worse` | required | failed | auc is 0.79, 1.25% below the baseline");
    assertThat(md).contains("| ✅ | `auc-floor` | required | passed | auc is 0.79, at least 0.5. |");
    assertThat(md).contains("| ⚠️ | `style-advice` | advisory | warned | a \\| pipe and <angle> & ampersand<br>next line |");
    assertThat(md).contains("| ⏭️ | `loss-not-worse` |");
    assertThat(md.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(5);
  }

  @Test
  void junitXmlHasOneTestCasePerCheckAndFailuresOnlyForRequiredFailures() throws Exception {
    String xml = verdict.render(VerdictFormat.JUNIT_XML);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("pedigree.gate.production");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(4);
    Element failed = (Element) cases.item(0);
    assertThat(failed.getAttribute("name")).isEqualTo("auc-not-worse");
    Element failure = (Element) failed.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).startsWith("auc is 0.79, 1.25% below the baseline churn-model:1");
    assertThat(failure.getTextContent()).contains("observed auc = 0.79").contains("baseline churn-model:1");
    Element warned = (Element) cases.item(2);
    assertThat(warned.getAttribute("name")).isEqualTo("style-advice");
    assertThat(warned.getElementsByTagName("failure").getLength()).isZero();
    assertThat(warned.getElementsByTagName("system-out").item(0).getTextContent())
        .startsWith("WARNING: a | pipe and <angle> & ampersand");
    assertThat(((Element) cases.item(3)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
  }
}
