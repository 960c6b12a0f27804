package dev.pedigree.gates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Records;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.objects.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the verdicts a {@link Promoter} recorded: every {@link AuditEventType#GATE_VERDICT}
 * event names the stored verdict, with each check's status and evidence.
 *
 * <pre>{@code
 * repo.audit().events(AuditQuery.all().type(AuditEventType.GATE_VERDICT))
 *     .map(event -> RecordedVerdicts.read(repo, event))
 *     .forEach(verdict -> System.out.println(verdict.summary()));
 * }</pre>
 */
public final class RecordedVerdicts {
  private RecordedVerdicts() {
  }

  /**
   * Reads the verdict that a gate-verdict audit event records.
   *
   * @param repository the repository holding the event
   * @param event a {@link AuditEventType#GATE_VERDICT} event of that repository
   * @return the verdict, with every check's evidence
   * @throws InvalidRequestException when the event is not a gate verdict
   * @throws CorruptRecordException when the stored verdict cannot be parsed
   */
  public static Verdict read(Repository repository, AuditEvent event) {
    if (event.type() != AuditEventType.GATE_VERDICT || event.detail("record") == null) {
      throw new InvalidRequestException("Cannot read a verdict from audit event " + event.sequence() + ": it is a "
          + event.type() + " event; pass a GATE_VERDICT event");
    }
    Digest digest = Digest.parse(event.detail("record"));
    return Records.read(RepositoryInternals.of(repository).objects(), digest, JsonNode.class,
        "gate verdict record", "the verdict of audit event " + event.sequence() + " is damaged; run repo.verify()",
        RecordedVerdicts::parse);
  }

  private static Verdict parse(JsonNode root) {
    List<CheckResult> results = new ArrayList<>();
    for (JsonNode check : root.path("checks")) {
      Optional<VersionId> baseline = text(check, "baseline").map(VersionId::parse);
      Map<String, Double> numbers = new LinkedHashMap<>();
      check.path("numbers").properties().forEach(e -> numbers.put(e.getKey(), e.getValue().asDouble()));
      Evidence evidence = new Evidence(check.path("summary").asText(""), strings(check.path("observed")),
          strings(check.path("thresholds")), baseline, numbers);
      results.add(new CheckResult(check.path("name").asText(), CheckStatus.valueOf(check.path("status").asText()),
          check.path("required").asBoolean(), evidence));
    }
    return new Verdict(root.path("gate").asText(), VersionId.parse(root.path("candidate").asText()),
        text(root, "baseline").map(VersionId::parse), text(root, "alias"), results,
        Instant.parse(root.path("time").asText()));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }
}
