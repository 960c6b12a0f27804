package dev.pedigree.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.LineageEdge;
import dev.pedigree.lineage.LineageNode;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Run;
import dev.pedigree.objects.ManifestEntry;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The JSON shapes of the API, one method per type. These shapes are the API's contract (they
 * are described in {@code openapi.json}): fields are only ever added, never renamed or removed.
 */
final class JsonViews {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonViews() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static ObjectNode version(ArtifactVersion v) {
    ObjectNode node = object();
    node.put("id", v.id().toString());
    node.put("artifact", v.artifact());
    node.put("number", v.number());
    node.put("kind", v.kind().name());
    node.put("layout", v.layout().name());
    node.put("size", v.size());
    node.put("content", v.content().toString());
    node.put("description", v.description());
    node.put("createdAt", v.createdAt().toString());
    node.put("createdBy", v.createdBy());
    node.put("producedBy", v.producedBy().orElse(null));
    node.set("params", strings(v.params()));
    ObjectNode metrics = node.putObject("metrics");
    new TreeMap<>(v.metrics()).forEach(metrics::put);
    node.set("tags", strings(v.tags()));
    return node;
  }

  static ObjectNode file(ManifestEntry entry) {
    ObjectNode node = object();
    node.put("path", entry.path());
    node.put("size", entry.size());
    node.put("digest", entry.digest().toString());
    node.put("executable", entry.executable());
    return node;
  }

  static ObjectNode aliasChange(AliasChange change) {
    ObjectNode node = object();
    node.put("sequence", change.sequence());
    putVersion(node, "from", change.from());
    putVersion(node, "to", change.to());
    node.put("time", change.time().toString());
    node.put("actor", change.actor());
    node.put("reason", change.reason());
    node.put("kind", change.kind().name());
    return node;
  }

  private static void putVersion(ObjectNode node, String field, OptionalInt number) {
    if (number.isPresent()) {
      node.put(field, number.getAsInt());
    } else {
      node.putNull(field);
    }
  }

  static ObjectNode lineage(LineageView view, String direction) {
    ObjectNode node = object();
    node.put("root", view.root().id().toString());
    node.put("direction", direction);
    ArrayNode nodes = node.putArray("nodes");
    for (LineageNode n : view.nodes()) {
      ObjectNode item = nodes.addObject();
      item.put("key", n.key());
      item.put("label", n.label());
      if (n instanceof LineageNode.VersionNode v) {
        item.put("type", "version");
        item.put("id", v.id().toString());
        item.put("artifact", v.id().artifact());
        item.put("number", v.id().number());
      } else if (n instanceof LineageNode.RunNode r) {
        item.put("type", "run");
        item.put("id", r.id());
        item.put("job", r.job());
        item.put("status", r.status().name());
      }
    }
    ArrayNode edges = node.putArray("edges");
    for (LineageEdge e : view.edges()) {
      ObjectNode item = edges.addObject();
      item.put("from", e.from().key());
      item.put("to", e.to().key());
      item.put("type", e.type().name());
    }
    return node;
  }

  static ObjectNode run(Run run) {
    ObjectNode node = object();
    node.put("id", run.id());
    node.put("job", run.job());
    node.put("status", run.status().name());
    node.set("inputs", ids(run.inputs()));
    node.set("outputs", ids(run.outputs()));
    node.set("params", strings(run.params()));
    ObjectNode metrics = node.putObject("metrics");
    new TreeMap<>(run.metrics()).forEach(metrics::put);
    node.put("code", run.code().toString());
    node.set("environment", strings(run.environment()));
    node.put("startedAt", run.startedAt().toString());
    node.put("endedAt", run.endedAt().map(Object::toString).orElse(null));
    node.put("error", run.error().orElse(null));
    return node;
  }

  private static ArrayNode ids(List<?> ids) {
    ArrayNode array = array();
    ids.forEach(id -> array.add(id.toString()));
    return array;
  }

  static ObjectNode auditEvent(AuditEvent event) {
    ObjectNode node = object();
    node.put("sequence", event.sequence());
    node.put("time", event.time().toString());
    node.put("actor", event.actor());
    node.put("type", event.type().name());
    node.put("subject", event.subject());
    node.put("artifact", event.artifact());
    node.set("details", strings(event.details()));
    node.put("hash", event.hash());
    return node;
  }

  static ObjectNode verdict(long sequence, Verdict verdict) {
    ObjectNode node = object();
    node.put("sequence", sequence);
    node.put("gate", verdict.gate());
    node.put("outcome", verdict.passed() ? "PASSED" : "REJECTED");
    node.put("candidate", verdict.candidate().toString());
    node.put("baseline", verdict.baseline().map(Object::toString).orElse(null));
    node.put("alias", verdict.alias().orElse(null));
    node.put("time", verdict.time().toString());
    node.put("summary", verdict.summary());
    ArrayNode checks = node.putArray("checks");
    for (CheckResult r : verdict.results()) {
      ObjectNode check = checks.addObject();
      check.put("name", r.check());
      check.put("status", r.status().name());
      check.put("required", r.required());
      check.put("summary", r.evidence().summary());
      check.set("observed", strings(r.evidence().observed()));
      check.set("thresholds", strings(r.evidence().thresholds()));
      check.put("baseline", r.evidence().baseline().map(Object::toString).orElse(null));
    }
    return node;
  }

  static ObjectNode integrity(RepositoryVerification verification) {
    ObjectNode node = object();
    node.put("intact", verification.intact());
    node.put("versionsChecked", verification.versionsChecked());
    AuditVerification audit = verification.audit();
    node.put("auditEventsChecked", audit.eventsChecked());
    ArrayNode problems = node.putArray("problems");
    for (AuditVerification.Problem p : audit.problems()) {
      problems.addObject().put("subject", "audit event " + p.sequence()).put("description", p.description());
    }
    for (RepositoryVerification.Problem p : verification.problems()) {
      problems.addObject().put("subject", p.subject()).put("description", p.description());
    }
    return node;
  }

  static ObjectNode strings(Map<String, String> values) {
    ObjectNode node = object();
    new TreeMap<>(values).forEach(node::put);
    return node;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes JSON for a {@code <script type="application/json">} block inside a page: the
   * characters that could close the element or start markup ({@code < > &}) and the two line
   * separators JavaScript treats as line ends are written as {@code \\uXXXX} escapes, which
   * JSON reads back as the same string.
   */
  static String forScriptBlock(JsonNode node) {
    String json = write(node);
    StringBuilder b = new StringBuilder(json.length() + 32);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
