package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.Mermaid;
import dev.pedigree.lineage.Run;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.PedigreeAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the standard six-week plan once and checks what each week decided and why. */
class WeeklyRetrainingTest {
  private static Repository repo;
  private static AlertCollector alerts;
  private static final List<WeekOutcome> OUTCOMES = new ArrayList<>();
  private static final List<Integer> PRODUCTION_AFTER = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
    alerts = new AlertCollector();
    try (WeeklyRetraining retraining = new WeeklyRetraining(repo, Settings.defaults(), alerts)) {
      for (int week = 1; week <= 6; week++) {
        OUTCOMES.add(retraining.runWeek(week));
        PRODUCTION_AFTER.add(repo.artifacts().alias(ChurnPipeline.MODEL, "production").orElseThrow().number());
      }
    }
  }

  @AfterAll
  static void close() {
    repo.close();
  }

  @Test
  void productionFollowsThePlanWeekByWeek() {
    assertThat(OUTCOMES).extracting(WeekOutcome::decision).containsExactly(WeekOutcome.Decision.PROMOTED,
        WeekOutcome.Decision.PROMOTED, WeekOutcome.Decision.REJECTED_BY_GATE, WeekOutcome.Decision.PROMOTED,
        WeekOutcome.Decision.PROMOTED, WeekOutcome.Decision.PROMOTED);
    assertThat(PRODUCTION_AFTER).containsExactly(1, 2, 2, 4, 5, 6);
    PedigreeAssertions.assertThat(repo).alias(ChurnPipeline.MODEL, "production").holdsVersion(6)
        .hasHistory(1, 2, 4, 5, 4, 6);
  }

  @Test
  void eachWeekRanTheThreeStagePipelineAfterItsDataQualityCheck() {
    for (WeekOutcome o : OUTCOMES) {
      assertThat(o.quality().blocking()).isFalse();
      assertThat(o.quality().check()).isEqualTo("raw-data-quality");
      assertThat(o.stages()).containsExactly("preprocess ran", "train ran", "evaluate ran");
    }
  }

  @Test
  void weekThreeIsRejectedBecauseItsAucIsMoreThanOnePercentBelowProduction() {
    WeekOutcome week3 = OUTCOMES.get(2);
    assertThat(week3.conditions().contractCodesSwapped()).isTrue();
    Verdict verdict = week3.verdicts().get(0);
    assertThat(week3.verdicts()).hasSize(1);
    PedigreeAssertions.assertThat(verdict).isRejected().hasFailedCheck(ChurnGates.AUC_CHECK);
    assertThat(verdict.candidate()).isEqualTo(new VersionId(ChurnPipeline.MODEL, 3));
    assertThat(verdict.alias()).contains("staging");
    CheckResult check = verdict.result(ChurnGates.AUC_CHECK).orElseThrow();
    assertThat(check.evidence().baseline()).contains(new VersionId(ChurnPipeline.MODEL, 2));
    assertThat(Double.parseDouble(check.evidence().observed().get("relative_drop"))).isGreaterThanOrEqualTo(0.01);
    assertThat(check.evidence().summary()).contains("below production churn-model:2").contains("the limit is 1%");
    // The drift hid itself in the week's own hold-out: only the reference set showed it.
    assertThat(week3.holdout().orElseThrow().auc()).isGreaterThan(0.8);
    assertThat(week3.reference().orElseThrow().auc()).isLessThan(0.7);
    // Neither alias moved, and the listener raised an alert.
    assertThat(week3.aliases()).containsEntry("production", 2).containsEntry("staging", 2);
    assertThat(alerts.all()).anySatisfy(a -> assertThat(a).startsWith("churn-model:3 rejected for staging")
        .contains("below production churn-model:2"));
  }

  @Test
  void weekThreesMonitorFlagsTheLiveCollapseAgainstProductionsOwnTrainingFiguresWithoutRollingBack() {
    WeekOutcome week3 = OUTCOMES.get(2);
    Monitoring.Result watched = week3.monitoring().orElseThrow();
    assertThat(watched.production().number()).isEqualTo(2);
    double trained = ChurnGates.auc(repo, watched.production()).orElseThrow();
    assertThat(watched.productionLive().auc()).isLessThan(trained * (1 - Monitoring.MAX_AUC_DROP_FROM_TRAINING));
    assertThat(watched.healthy()).as("flagged").isFalse();
    assertThat(watched.rollBack()).as("the previous holder is no better on this data").isFalse();
    assertThat(watched.message()).contains("training-time AUC").contains("collapsed");
    assertThat(week3.rollback()).isEmpty();
  }

  @Test
  void theSummaryEmbedsProductionsLineageAsAMermaidBlock(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
      throws Exception {
    new OutputFiles(out, out.resolve("reports")).write(repo, OUTCOMES, alerts.all());
    String summary = java.nio.file.Files.readString(out.resolve("verdicts").resolve("summary.md"));
    assertThat(summary).contains("```mermaid\nflowchart LR").contains("churn-model:6");
  }

  @Test
  void everyVerdictIsInTheAuditLogPassOrFail() {
    List<AuditEvent> verdicts = repo.audit().newestFirst().filter(e -> e.type() == AuditEventType.GATE_VERDICT)
        .toList();
    // Five promoted weeks with three verdicts each (staging, integration, production), one rejection.
    assertThat(verdicts).hasSize(16);
    assertThat(verdicts).filteredOn(e -> e.detail("candidate").equals("churn-model:3")).singleElement()
        .satisfies(e -> assertThat(e.detail("verdict")).isEqualTo("REJECTED"));
    PedigreeAssertions.assertThat(repo).hasIntactAuditLog();
  }

  @Test
  void promotedModelsPassThroughStagingAndItsIntegrationCheckFirst() {
    PedigreeAssertions.assertThat(repo).alias(ChurnPipeline.MODEL, "staging").hasHistory(1, 2, 4, 5, 4, 6);
    for (WeekOutcome o : OUTCOMES) {
      if (o.decision() == WeekOutcome.Decision.PROMOTED) {
        assertThat(o.verdicts()).extracting(v -> v.gate() + "@" + v.alias().orElse("")).containsExactly(
            "churn-auc-gate@staging", "staging-integration@staging", "churn-auc-gate@production");
        Verdict integration = o.verdicts().get(1);
        PedigreeAssertions.assertThat(integration).isPassed().hasPassedCheck(ChurnGates.INTEGRATION_CHECK);
        assertThat(integration.result(ChurnGates.INTEGRATION_CHECK).orElseThrow().evidence().observed())
            .containsEntry("invalid", "0");
      }
    }
  }

  @Test
  void weekSixRollsTheMislabelledWeekFiveModelBackToItsPredecessorInOneCall() {
    WeekOutcome week6 = OUTCOMES.get(5);
    Monitoring.Result watched = week6.monitoring().orElseThrow();
    assertThat(watched.healthy()).isFalse();
    assertThat(watched.production().number()).isEqualTo(5);
    assertThat(watched.previous().number()).isEqualTo(4);
    assertThat(watched.productionLive().logLoss()).isGreaterThan(watched.previousLive().logLoss() * 1.05);
    AliasChange rollback = week6.rollback().orElseThrow();
    assertThat(rollback.kind()).isEqualTo(AliasChange.Kind.ROLLBACK);
    assertThat(rollback.from()).isEqualTo(OptionalInt.of(5));
    assertThat(rollback.to()).isEqualTo(OptionalInt.of(4));
    List<AliasChange> history = repo.artifacts().aliasHistory(ChurnPipeline.MODEL, "production");
    assertThat(history).extracting(c -> c.kind() + ":" + c.to().getAsInt()).containsExactly("PROMOTION:6",
        "ROLLBACK:4", "PROMOTION:5", "PROMOTION:4", "PROMOTION:2", "PROMOTION:1");
    // Staging went back with it, and week six's candidate was judged against the restored v4 at both steps.
    for (Verdict gate : List.of(week6.verdicts().get(0), week6.verdicts().get(2))) {
      assertThat(gate.baseline()).contains(new VersionId(ChurnPipeline.MODEL, 4));
      assertThat(gate.result(ChurnGates.AUC_CHECK).orElseThrow().evidence().baseline())
          .contains(new VersionId(ChurnPipeline.MODEL, 4));
    }
    assertThat(repo.audit().newestFirst().filter(e -> e.type() == AuditEventType.ALIAS_ROLLED_BACK))
        .extracting(e -> e.subject() + " " + e.detail("from") + "→" + e.detail("to"))
        .containsExactlyInAnyOrder("churn-model@production 5→4", "churn-model@staging 5→4");
    assertThat(alerts.all()).anySatisfy(a -> assertThat(a).startsWith("production rolled back from v5 to v4"));
    assertThat(OUTCOMES.subList(0, 5)).allSatisfy(o -> assertThat(o.rollback()).isEmpty());
  }

  @Test
  void theMislabelledWeekPassedTheAucGateBecauseOnlyItsCalibrationSuffered() {
    WeekOutcome week5 = OUTCOMES.get(4);
    assertThat(week5.conditions().labelNoise()).isEqualTo(WeekPlan.NOISE);
    assertThat(week5.verdicts()).allSatisfy(v -> assertThat(v.passed()).isTrue());
    assertThat(week5.reference().orElseThrow().logLoss())
        .isGreaterThan(OUTCOMES.get(3).reference().orElseThrow().logLoss() * 1.05);
  }

  @Test
  void theProductionModelsLineageLeadsBackToItsWeeksRawDataAndConfig() {
    VersionId model = new VersionId(ChurnPipeline.MODEL, 6);
    Run train = repo.runs().run(repo.artifacts().version(model).producedBy().orElseThrow());
    assertThat(train.job()).isEqualTo("churn/train");
    assertThat(train.inputs()).containsExactlyInAnyOrder(new VersionId(ChurnPipeline.FEATURES, 6),
        new VersionId(ChurnPipeline.CONFIG, 1));
    assertThat(train.params()).containsEntry("epochs", "10");
    Run preprocess = repo.runs().run(repo.artifacts().version(new VersionId(ChurnPipeline.FEATURES, 6)).producedBy()
        .orElseThrow());
    assertThat(preprocess.inputs()).containsExactly(new VersionId(ChurnPipeline.RAW, 6));
    assertThat(ChurnPipeline.evaluationOf(repo, repo.artifacts().version(model)).orElseThrow().id())
        .isEqualTo(new VersionId(ChurnPipeline.EVALUATION, 6));
    assertThat(repo.lineage().upstream(model).versions()).contains(new VersionId(ChurnPipeline.RAW, 6),
        new VersionId(ChurnPipeline.CONFIG, 1));
    assertThat(Mermaid.render(repo.lineage().upstream(model))).contains("churn-raw").contains("churn/train");
  }
}
