package dev.pedigree.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.Run;
import dev.pedigree.storage.MemoryBlobStore;
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
    WeeklyRetraining retraining = new WeeklyRetraining(repo, Settings.defaults(), CodeVersion.of("test"), List.of(alerts));
    for (int week = 1; week <= 6; week++) {
      OUTCOMES.add(retraining.runWeek(week));
      PRODUCTION_AFTER.add(repo.artifacts().alias(ChurnStages.MODEL, "production").orElseThrow().number());
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
  }

  @Test
  void weekThreeIsRejectedBecauseItsAucIsMoreThanOnePercentBelowProduction() {
    WeekOutcome week3 = OUTCOMES.get(2);
    assertThat(week3.conditions().contractCodesSwapped()).isTrue();
    GateVerdict verdict = week3.verdict().orElseThrow();
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.candidate()).isEqualTo(new VersionId(ChurnStages.MODEL, 3));
    assertThat(verdict.baseline()).contains(new VersionId(ChurnStages.MODEL, 2));
    GateVerdict.Check check = verdict.checks().get(0);
    assertThat(check.name()).isEqualTo("auc-not-below-production");
    assertThat(Double.parseDouble(check.evidence().get("relative_drop"))).isGreaterThanOrEqualTo(0.01);
    assertThat(check.message()).contains("below production churn-model:2").contains("the limit is 1%");
    // The drift hid itself in the week's own hold-out: only the reference set showed it.
    assertThat(week3.holdout().orElseThrow().auc()).isGreaterThan(0.8);
    assertThat(week3.reference().orElseThrow().auc()).isLessThan(0.7);
    // Production never moved, staging was never touched, and an alert went out.
    assertThat(week3.aliases()).containsEntry("production", 2).containsEntry("staging", 2);
    assertThat(alerts.all()).anySatisfy(a -> assertThat(a).contains("week 3").contains("churn-model:3 rejected")
        .contains("production stays at churn-model:2"));
  }

  @Test
  void everyVerdictIsInTheAuditLogPassOrFail() {
    List<AuditEvent> verdicts = repo.audit().newestFirst().filter(e -> e.type() == AuditEventType.GATE_VERDICT)
        .toList();
    assertThat(verdicts).hasSize(6);
    assertThat(verdicts).filteredOn(e -> e.subject().equals("churn-model:3")).singleElement()
        .satisfies(e -> assertThat(e.detail("passed")).isEqualTo("false"));
    assertThat(verdicts).filteredOn(e -> e.detail("passed").equals("true")).hasSize(5);
    assertThat(repo.audit().verify().problems()).isEmpty();
  }

  @Test
  void promotedModelsPassThroughStagingAndItsIntegrationCheckFirst() {
    List<AliasChange> staging = repo.artifacts().aliasHistory(ChurnStages.MODEL, "staging");
    assertThat(staging).extracting(c -> c.to().getAsInt()).containsExactly(6, 5, 4, 2, 1);
    for (WeekOutcome o : OUTCOMES) {
      if (o.decision() == WeekOutcome.Decision.PROMOTED) {
        IntegrationCheck.Result check = o.integration().orElseThrow();
        assertThat(check.passed()).isTrue();
        assertThat(check.scored()).isEqualTo(Settings.defaults().batchCustomers());
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
    // The alias history: each promotion, then the rollback restoring 4, then week 6's promotion.
    List<AliasChange> history = repo.artifacts().aliasHistory(ChurnStages.MODEL, "production");
    assertThat(history).extracting(c -> c.kind() + ":" + c.to().getAsInt()).containsExactly("PROMOTION:6",
        "ROLLBACK:4", "PROMOTION:5", "PROMOTION:4", "PROMOTION:2", "PROMOTION:1");
    assertThat(repo.audit().newestFirst().filter(e -> e.type() == AuditEventType.ALIAS_ROLLED_BACK))
        .singleElement().satisfies(e -> assertThat(e.detail("from")).isEqualTo("5"));
    assertThat(alerts.all()).anySatisfy(a -> assertThat(a).startsWith("production rolled back from v5 to v4"));
    // Weeks before six saw a healthy production and rolled nothing back.
    assertThat(OUTCOMES.subList(0, 5)).allSatisfy(o -> assertThat(o.rollback()).isEmpty());
  }

  @Test
  void theMislabelledWeekPassedTheAucGateBecauseOnlyItsCalibrationSuffered() {
    WeekOutcome week5 = OUTCOMES.get(4);
    assertThat(week5.conditions().labelNoise()).isEqualTo(WeekPlan.NOISE);
    assertThat(week5.verdict().orElseThrow().passed()).isTrue();
    assertThat(week5.reference().orElseThrow().logLoss())
        .isGreaterThan(OUTCOMES.get(3).reference().orElseThrow().logLoss() * 1.05);
  }

  @Test
  void theProductionModelsLineageLeadsBackToItsWeeksRawDataAndConfig() {
    VersionId model = new VersionId(ChurnStages.MODEL, 6);
    Run train = repo.runs().run(repo.artifacts().version(model).producedBy().orElseThrow());
    assertThat(train.job()).isEqualTo("churn/train");
    assertThat(train.inputs()).containsExactlyInAnyOrder(new VersionId(ChurnStages.TRAIN_SET, 6),
        new VersionId(ChurnStages.CONFIG, 1));
    assertThat(train.params()).containsEntry("epochs", "10");
    Run preprocess = repo.runs().run(repo.artifacts().version(new VersionId(ChurnStages.TRAIN_SET, 6)).producedBy()
        .orElseThrow());
    assertThat(preprocess.inputs()).containsExactly(new VersionId(ChurnStages.RAW, 6));
    assertThat(repo.runs().consumersOf(model).map(id -> repo.runs().run(id).job()))
        .contains("churn/evaluate");
    assertThat(LineagePictures.upstreamOf(repo, model).mermaid()).contains("churn-raw:6").contains("churn-config:1")
        .contains("churn/preprocess").contains("churn/train");
  }
}
