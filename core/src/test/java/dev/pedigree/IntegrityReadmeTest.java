package dev.pedigree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The integrity example of the README, run as written. */
class IntegrityReadmeTest {
  @Test
  void theReadmeIntegrityExampleRuns() {
    List<String> report = new ArrayList<>();
    try (Repository repo = Repository.open("mem:integrity-readme")) {
      repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("weights".getBytes(StandardCharsets.UTF_8)).requestId("ci-build-4711").build());
      String keptText = repo.audit().checkpoint().toString();
      // snippet:integrity
      // Complete or drop changes a crash interrupted (opening does this after a 15-minute lease).
      repo.recover();
      // Structural check: every log, chain and record, every event linked to its ref entry.
      RepositoryVerification quick = repo.verify();
      // Full check against a checkpoint kept outside the store: also re-hashes every object.
      RepositoryVerification full = repo.verify(VerifyOptions.full()
          .against(AuditCheckpoint.parse(keptText))
          .listener((phase, done) -> System.err.println(phase + ": " + done)));
      for (RepositoryVerification.Problem problem : full.problems()) {
        report.add(problem.kind() + " " + problem.subject() + ": " + problem.description() + "; " + problem.action());
      }
      // end-snippet
      assertThat(quick.intact()).isTrue();
      assertThat(full.intact()).isTrue();
      assertThat(full.objectsChecked()).isPositive();
    }
    assertThat(report).isEmpty();
  }
}
