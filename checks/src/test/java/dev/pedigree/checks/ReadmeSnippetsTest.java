package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.PlanResult;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.gates.PromotionListener;
import dev.pedigree.gates.PromotionPlan;
import dev.pedigree.gates.Verdict;
import dev.pedigree.gates.VerdictReports;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's gate snippets, compiled and run, so the documentation cannot drift from the API. */
class ReadmeSnippetsTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("ci").build();
  private final List<String> alerts = new ArrayList<>();

  private ArtifactVersion model(double auc) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("w" + auc).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).metric("log_loss", 0.3).build());
  }

  @Test
  void gatingAPromotion(@TempDir Path reports) throws Exception {
    ArtifactVersion features = repo.artifacts().register(NewVersion.of("churn-features", ArtifactKind.DATASET)
        .bytes("customer_id,tenure_months,plan\n1,12,basic\n2,40,pro\n".getBytes(StandardCharsets.UTF_8)).build());
    repo.artifacts().moveAlias("churn-model", "production", model(0.80).number(), "bootstrap");
    ArtifactVersion candidate = model(0.83);

    // --- README: gating a promotion ---
    Gate production = Gate.named("production")
        // The seed's rule: fail if the new model's AUC is 1% or more below production's.
        .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
            .whenNoBaseline(BaselinePolicy.PASS).build())
        .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build())
        .advise(MetricCheck.named("log-loss").metric("log_loss").atMost(0.40).build())
        .build();
    Gate staging = Gate.named("staging")
        .require(DataQualityCheck.named("training-data")
            // Judge the table the candidate was trained on (by default: the candidate's own content as CSV).
            .tables((ctx, version, check) -> CsvTables.version(repo, features))
            .column("customer_id", ColumnType.INTEGER).unique("customer_id")
            .range("tenure_months", 0, 600).maxNullFraction("tenure_months", 0.01)
            .allowedValues("plan", "basic", "pro").rowCount(2, 50_000_000)
            .build())
        .build();
    Gate integration = Gate.named("integration")
        .require(Check.that("smoke-tests", ctx -> true /* call the staged model here */,
            "the staged model answers the smoke tests"))
        .build();

    Promoter promoter = Promoter.builder(repo)
        .listener(new PromotionListener() {
          @Override
          public void rejected(Promotion p) {
            alerts.add(p.explanation()); // page someone, post to chat...
          }
        })
        .build();

    PlanResult result = PromotionPlan.builder()
        .promote("staging", staging)      // candidate -> staging
        .verify(integration)              // integration checks against staging
        .promote("production", production)
        .build()
        .run(promoter, candidate.id());
    // --- end ---
    assertThat(result.completed()).isTrue();
    assertThat(repo.artifacts().alias("churn-model", "production").orElseThrow().number()).isEqualTo(candidate.number());

    // --- README: reading a verdict in CI ---
    Promotion promotion = promoter.promote(model(0.81).id(), "production", production);
    Verdict verdict = promotion.verdict().orElseThrow();
    VerdictReports.write(verdict, reports);          // TEST-pedigree-gate-production.xml, verdict-production.json/.md
    VerdictReports.appendToGitHubSummary(verdict);   // the Markdown table on the job's page; no-op elsewhere
    if (!promotion.promoted()) {
      System.err.println(promotion.explanation());   // CI: exit non-zero here
    }
    // Every verdict, passed or not, is in the audit log:
    for (AuditEvent e : (Iterable<AuditEvent>) repo.audit()
        .events(AuditQuery.all().artifact("churn-model").type(AuditEventType.GATE_VERDICT))::iterator) {
      System.out.println(e.time() + " " + e.detail("gate") + " " + e.detail("verdict") + ": " + e.detail("summary"));
    }
    // --- end ---
    assertThat(promotion.promoted()).isFalse();
    assertThat(alerts).singleElement().asString().contains("auc-not-worse");
    assertThat(Files.readString(reports.resolve("TEST-pedigree-gate-production.xml"))).contains("<failure");

    // --- README: automated rollback from a canary analysis ---
    CanaryJudge judge = CanaryJudge.builder().significance(0.05)
        .metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.10).minSamples(5))
        .metric(CanaryMetric.higherIsWorse("error_rate").minSamples(5))
        .build();
    CanaryReport report = judge.judge(
        Map.of("latency_ms", new double[] {11.0, 12.4, 10.8, 13.3, 11.9, 12.2, 11.5},
            "error_rate", new double[] {0, 0, 0.01, 0, 0, 0, 0}),
        Map.of("latency_ms", new double[] {15.1, 17.3, 16.8, 18.2, 19.0, 17.9, 16.1},
            "error_rate", new double[] {0, 0, 0, 0.01, 0, 0, 0}));
    CanaryRollback.apply(promoter, "churn-model", "production", report); // moves production back if ROLLBACK
    // --- end ---
    assertThat(report.decision()).isEqualTo(CanaryDecision.ROLLBACK);
    assertThat(repo.artifacts().alias("churn-model", "production").orElseThrow().number()).isEqualTo(1);
  }
}
