package dev.pedigree.samples.churn;

import java.util.List;
import java.util.Map;

/**
 * Renders gate verdicts as Markdown (for people and {@code $GITHUB_STEP_SUMMARY}) and JUnit
 * XML (for CI test reports: one test case per check, a failure per failed check).
 *
 * <p>Interim: the sample's own rendering until {@code dev.pedigree.gates} lands on main.
 */
final class VerdictFormats {
  private VerdictFormats() {
  }

  static String markdown(GateVerdict verdict) {
    StringBuilder md = new StringBuilder();
    md.append("### Week ").append(verdict.week()).append(": ").append(verdict.candidate()).append(" — ")
        .append(verdict.passed() ? "✅ PASSED" : "❌ REJECTED").append("\n\n");
    md.append("Gate `").append(verdict.gate()).append("`; baseline: ")
        .append(verdict.baseline().map(v -> "`" + v + "` (production)").orElse("none")).append("\n\n");
    md.append("| check | result | detail |\n|---|---|---|\n");
    for (GateVerdict.Check check : verdict.checks()) {
      md.append("| ").append(check.name()).append(" | ").append(check.passed() ? "pass" : "**fail**").append(" | ")
          .append(check.message().replace("|", "\\|")).append(" |\n");
    }
    for (GateVerdict.Check check : verdict.checks()) {
      if (!check.evidence().isEmpty()) {
        md.append("\n<details><summary>evidence: ").append(check.name()).append("</summary>\n\n");
        for (Map.Entry<String, String> e : check.evidence().entrySet()) {
          md.append("- ").append(e.getKey()).append(": `").append(e.getValue()).append("`\n");
        }
        md.append("\n</details>\n");
      }
    }
    return md.toString();
  }

  static String junitXml(String suite, List<GateVerdict> verdicts) {
    int tests = verdicts.stream().mapToInt(v -> v.checks().size()).sum();
    long failures = verdicts.stream().flatMap(v -> v.checks().stream()).filter(c -> !c.passed()).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuite name=\"").append(escape(suite)).append("\" tests=\"").append(tests)
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\">\n");
    for (GateVerdict verdict : verdicts) {
      for (GateVerdict.Check check : verdict.checks()) {
        xml.append("  <testcase classname=\"").append(escape(verdict.gate() + ".week" + verdict.week()))
            .append("\" name=\"").append(escape(check.name() + " " + verdict.candidate())).append("\">\n");
        if (!check.passed()) {
          xml.append("    <failure message=\"").append(escape(check.message())).append("\">");
          check.evidence().forEach((k, v) -> xml.append(escape(k + "=" + v)).append('\n'));
          xml.append("</failure>\n");
        } else {
          xml.append("    <system-out>").append(escape(check.message())).append("</system-out>\n");
        }
        xml.append("  </testcase>\n");
      }
    }
    return xml.append("</testsuite>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
