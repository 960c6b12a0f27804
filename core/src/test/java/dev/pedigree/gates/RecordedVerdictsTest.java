package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedVerdictsTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("ci").build();

  private ArtifactVersion model(double auc) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("model " + auc).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).build());
  }

  @Test
  void readsBackEveryCheckWithItsEvidenceAsThePromoterDecidedIt() {
    Gate gate = Gate.named("production")
        .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
            .whenNoBaseline(BaselinePolicy.PASS).build())
        .advise(MetricCheck.named("auc-floor").metric("auc").atLeast(0.9).build())
        .build();
    Promoter promoter = Promoter.of(repo);
    promoter.promote(model(0.85).id(), "production", gate);
    Verdict decided = promoter.promote(model(0.80).id(), "production", gate).verdict().orElseThrow();

    List<AuditEvent> events;
    try (var stream = repo.audit().events(AuditQuery.all().type(AuditEventType.GATE_VERDICT))) {
      events = stream.toList();
    }
    assertThat(events).hasSize(2);
    Verdict read = RecordedVerdicts.read(repo, events.get(1));

    assertThat(read.rejected()).isTrue();
    assertThat(read.gate()).isEqualTo("production");
    assertThat(read.candidate()).isEqualTo(decided.candidate());
    assertThat(read.baseline()).isEqualTo(decided.baseline());
    assertThat(read.alias()).contains("production");
    assertThat(read.time()).isEqualTo(decided.time());
    assertThat(read.results()).isEqualTo(decided.results());
    assertThat(read.summary()).isEqualTo(decided.summary());
  }

  @Test
  void refusesAnEventThatIsNotAVerdict() {
    model(0.8);
    AuditEvent registered = repo.audit().head().orElseThrow();
    assertThatThrownBy(() -> RecordedVerdicts.read(repo, registered)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot read a verdict from audit event " + registered.sequence()
            + ": it is a VERSION_REGISTERED event; pass a GATE_VERDICT event");
  }
}
