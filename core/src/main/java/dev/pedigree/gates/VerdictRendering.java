package dev.pedigree.gates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Renders verdicts as JSON, Markdown and JUnit XML. */
final class VerdictRendering {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private VerdictRendering() {
  }

  static Map<String, Object> tree(Verdict verdict) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("gate", verdict.gate());
    root.put("outcome", verdict.passed() ? "PASSED" : "REJECTED");
    root.put("candidate", verdict.candidate().toString());
    root.put("baseline", verdict.baseline().map(Object::toString).orElse(null));
    root.put("alias", verdict.alias().orElse(null));
    root.put("time", verdict.time().toString());
    root.put("summary", verdict.summary());
    List<Map<String, Object>> checks = verdict.results().stream().map(r -> {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", r.check());
      check.put("status", r.status().name());
      check.put("required", r.required());
      check.put("summary", r.evidence().summary());
      check.put("observed", r.evidence().observed());
      check.put("thresholds", r.evidence().thresholds());
      check.put("numbers", r.evidence().numbers());
      check.put("baseline", r.evidence().baseline().map(Object::toString).orElse(null));
      return check;
    }).toList();
    root.put("checks", checks);
    return root;
  }

  static String json(Verdict verdict) {
    try {
      return MAPPER.writeValueAsString(tree(verdict)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render verdict of gate '" + verdict.gate() + "' as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  static String markdown(Verdict verdict) {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(verdict.passed() ? "✅" : "❌").append(" Gate `").append(verdict.gate()).append("` ")
        .append(verdict.passed() ? "passed" : "rejected").append(' ').append('`').append(verdict.candidate()).append('`')
        .append("\n\n");
    md.append("- Baseline: ").append(verdict.baseline().map(b -> "`" + b + "`").orElse("none")).append('\n');
    verdict.alias().ifPresent(a -> md.append("- Target alias: `").append(a).append("`\n"));
    md.append("- Decided at: ").append(verdict.time()).append("\n\n");
    md.append("| | Check | Kind | Status | Evidence |\n|---|---|---|---|---|\n");
    for (CheckResult r : verdict.results()) {
      md.append("| ").append(icon(r.status())).append(" | `").append(cell(r.check())).append("` | ")
          .append(r.required() ? "required" : "advisory").append(" | ").append(r.status().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(cell(r.evidence().summary())).append(" |\n");
    }
    md.append('\n').append(cell(verdict.summary())).append('\n');
    return md.toString();
  }

  private static String icon(CheckStatus status) {
    return switch (status) {
      case PASSED -> "✅";
      case FAILED -> "❌";
      case WARNED -> "⚠️";
      case SKIPPED -> "⏭️";
    };
  }

  private static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
  }

  static String junitXml(Verdict verdict) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "pedigree.gate." + verdict.gate());
      xml.writeAttribute("tests", Integer.toString(verdict.results().size()));
      xml.writeAttribute("failures", Long.toString(verdict.failures().size()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", Long.toString(verdict.results().stream()
          .filter(r -> r.status() == CheckStatus.SKIPPED).count()));
      xml.writeAttribute("timestamp", verdict.time().toString());
      xml.writeCharacters("\n  ");
      xml.writeStartElement("properties");
      property(xml, "candidate", verdict.candidate().toString());
      property(xml, "baseline", verdict.baseline().map(Object::toString).orElse("none"));
      verdict.alias().ifPresent(a -> property(xml, "alias", a));
      property(xml, "outcome", verdict.passed() ? "PASSED" : "REJECTED");
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      for (CheckResult r : verdict.results()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "pedigree.gate." + verdict.gate());
        xml.writeAttribute("name", r.check());
        xml.writeAttribute("time", "0");
        String details = details(r);
        switch (r.status()) {
          case FAILED -> {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("failure");
            xml.writeAttribute("message", r.evidence().summary());
            xml.writeAttribute("type", r.required() ? "RequiredCheckFailed" : "AdvisoryCheckFailed");
            xml.writeCharacters(details);
            xml.writeEndElement();
          }
          case SKIPPED -> {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("skipped");
            xml.writeAttribute("message", r.evidence().summary());
            xml.writeEndElement();
          }
          case WARNED -> {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("system-out");
            xml.writeCharacters("WARNING: " + details);
            xml.writeEndElement();
          }
          case PASSED -> {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(details);
            xml.writeEndElement();
          }
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot render verdict of gate '" + verdict.gate() + "' as JUnit XML: "
          + e.getMessage(), e);
    }
    return out + "\n";
  }

  private static String details(CheckResult r) {
    StringBuilder text = new StringBuilder(r.evidence().summary());
    r.evidence().observed().forEach((k, v) -> text.append("\nobserved ").append(k).append(" = ").append(v));
    r.evidence().thresholds().forEach((k, v) -> text.append("\nthreshold ").append(k).append(": ").append(v));
    Optional.ofNullable(r.evidence().baseline().orElse(null)).ifPresent(b -> text.append("\nbaseline ").append(b));
    return text.toString();
  }

  private static void property(XMLStreamWriter xml, String name, String value) {
    try {
      xml.writeCharacters("\n    ");
      xml.writeEmptyElement("property");
      xml.writeAttribute("name", name);
      xml.writeAttribute("value", value);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot write JUnit XML property '" + name + "': " + e.getMessage(), e);
    }
  }
}
