package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.RollbackUnavailableException;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PromoterTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("ci").build();
  private final List<String> heard = Collections.synchronizedList(new ArrayList<>());
  private final Promoter promoter = Promoter.builder(repo).listener(new PromotionListener() {
    @Override
    public void promoted(Promotion p) {
      heard.add("promoted " + p.candidate());
    }

    @Override
    public void rejected(Promotion p) {
      heard.add("rejected " + p.candidate());
    }

    @Override
    public void rolledBack(AliasChange change) {
      heard.add("rolled back to " + change.to().getAsInt());
    }
  }).build();

  private final Gate seedRule = Gate.named("production")
      .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
          .whenNoBaseline(BaselinePolicy.PASS).build())
      .build();

  private ArtifactVersion model(double auc) {
    return repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
        .bytes(("model " + auc + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8)).metric("auc", auc).build());
  }

  private List<AuditEvent> verdictEvents() {
    return repo.audit().events(AuditQuery.all().type(AuditEventType.GATE_VERDICT)).toList();
  }

  private int holder() {
    return repo.artifacts().alias("churn-model", "production").orElseThrow().number();
  }

  @Test
  void firstPromotionPassesByPolicyMovesTheAliasAndAuditsTheVerdict() throws Exception {
    ArtifactVersion v1 = model(0.80);
    Promotion p = promoter.promote(v1.id(), "production", seedRule);
    assertThat(p.outcome()).isEqualTo(PromotionOutcome.PROMOTED);
    assertThat(p.change().orElseThrow().kind()).isEqualTo(AliasChange.Kind.PROMOTION);
    assertThat(holder()).isEqualTo(1);
    AuditEvent event = verdictEvents().get(0);
    assertThat(event.subject()).isEqualTo("churn-model@production");
    assertThat(event.actor()).isEqualTo("ci");
    assertThat(event.details()).containsEntry("verdict", "PASSED").containsEntry("gate", "production")
        .containsEntry("candidate", "churn-model:1").containsEntry("baseline", "none").containsEntry("failed", "")
        .containsEntry("action", "promote");
    String stored = new String(dev.pedigree.internal.RepositoryInternals.of(repo).objects().readAllBytes(Digest.parse(event.detail("record"))), StandardCharsets.UTF_8);
    assertThat(stored).isEqualTo(p.verdict().orElseThrow().render(VerdictFormat.JSON));
    assertThat(repo.artifacts().aliasHistory("churn-model", "production").get(0).reason())
        .isEqualTo("gate 'production' passed (audit event " + event.sequence() + ")");
    assertThat(heard).containsExactly("promoted churn-model:1");
  }

  @Test
  void theSeedRuleRejectsAOnePercentDropAndLeavesTheAliasUntouched() {
    promoter.promote(model(0.80).id(), "production", seedRule);
    ArtifactVersion worse = model(0.792);
    long movesBefore = repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_MOVED)).count();
    Promotion p = promoter.promote(worse.id(), "production", seedRule);
    assertThat(p.outcome()).isEqualTo(PromotionOutcome.REJECTED);
    assertThat(p.change()).isEmpty();
    assertThat(p.explanation()).startsWith("churn-model:2 was not promoted to 'production'; the alias was left untouched."
        + " Gate 'production' rejected churn-model:2 (baseline churn-model:1): 1 of 1 required checks failed: auc-not-worse"
        + " (auc is 0.792, 1.00% below the baseline churn-model:1 (0.8)");
    assertThat(holder()).isEqualTo(1);
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_MOVED)).count()).isEqualTo(movesBefore);
    AuditEvent rejected = verdictEvents().get(1);
    assertThat(rejected.details()).containsEntry("verdict", "REJECTED").containsEntry("failed", "auc-not-worse")
        .containsEntry("baseline", "churn-model:1").containsEntry("action", "reject");
    assertThat(heard).containsExactly("promoted churn-model:1", "rejected churn-model:2");
  }

  @Test
  void neverMovesOnAFailedRequiredCheckAndAlwaysAudits() {
    Random random = new Random(42);
    promoter.promote(model(0.70).id(), "production", seedRule);
    for (int i = 0; i < 30; i++) {
      ArtifactVersion baseline = repo.artifacts().alias("churn-model", "production").orElseThrow();
      ArtifactVersion candidate = model(0.5 + random.nextDouble() * 0.45);
      int verdictsBefore = verdictEvents().size();
      Promotion p = promoter.promote(candidate.id(), "production", seedRule);
      boolean shouldPass = (baseline.metric("auc").getAsDouble() - candidate.metric("auc").getAsDouble())
          / baseline.metric("auc").getAsDouble() < 0.01;
      assertThat(p.promoted()).isEqualTo(shouldPass);
      assertThat(holder()).isEqualTo(shouldPass ? candidate.number() : baseline.number());
      List<AuditEvent> after = verdictEvents();
      assertThat(after).hasSize(verdictsBefore + 1);
      assertThat(after.get(verdictsBefore).detail("verdict")).isEqualTo(shouldPass ? "PASSED" : "REJECTED");
    }
    assertThat(repo.audit().verify().problems()).isEmpty();
  }

  @Test
  void promotingTheCurrentHolderDoesNothing() {
    ArtifactVersion v1 = model(0.8);
    promoter.promote(v1.id(), "production", seedRule);
    Promotion again = promoter.promote("churn-model:1", "production", seedRule);
    assertThat(again.outcome()).isEqualTo(PromotionOutcome.ALREADY_CURRENT);
    assertThat(again.explanation()).isEqualTo("churn-model:1 already holds 'production'; nothing was done.");
    assertThat(verdictEvents()).hasSize(1);
  }

  @Test
  void twoRacingPromotionsOneWinsAndTheOtherIsJudgedAgainAgainstTheWinner() throws Exception {
    promoter.promote(model(0.80).id(), "production", seedRule);
    ArtifactVersion a = model(0.85);
    ArtifactVersion b = model(0.83);
    CountDownLatch bothJudged = new CountDownLatch(2);
    AtomicInteger evaluations = new AtomicInteger();
    List<String> baselinesSeen = Collections.synchronizedList(new ArrayList<>());
    Check rendezvous = Check.of("rendezvous", ctx -> {
      baselinesSeen.add(ctx.candidate().number() + " vs " + ctx.baseline().map(v -> v.number()).orElse(0));
      if (evaluations.incrementAndGet() <= 2) {
        bothJudged.countDown();
        try {
          // Both first attempts judge against version 1 before either moves the alias.
          if (!bothJudged.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other promotion never arrived");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return CheckResult.passed("rendezvous", "met");
    });
    Gate gate = Gate.named("production").require(seedRule.checks().get(0)).require(rendezvous).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Promotion> promoteA = () -> promoter.promote(a.id(), "production", gate);
      Callable<Promotion> promoteB = () -> promoter.promote(b.id(), "production", gate);
      Future<Promotion> fa = pool.submit(promoteA);
      Future<Promotion> fb = pool.submit(promoteB);
      Promotion pa = fa.get();
      Promotion pb = fb.get();
      Promotion winner = pa.attempts() == 1 ? pa : pb;
      Promotion loser = winner == pa ? pb : pa;
      assertThat(winner.promoted()).isTrue();
      assertThat(winner.verdict().orElseThrow().baseline()).hasValue(new VersionId("churn-model", 1));
      assertThat(loser.attempts()).isEqualTo(2);
      assertThat(loser.explanation()).endsWith(" The alias moved while the candidate was being judged, so it was judged"
          + " again against the new holder (2 evaluations).");
      // The loser's final verdict is against the winner, never against the stale version 1.
      assertThat(loser.verdict().orElseThrow().baseline()).hasValue(winner.candidate());
      assertThat(baselinesSeen).hasSize(3).containsOnlyOnce(loser.candidate().number() + " vs " + winner.candidate().number());
      // a (0.85) beats b (0.83) by 2.4%: if a won, b is rejected; if b won, a is promoted over it.
      if (winner.candidate().equals(a.id())) {
        assertThat(loser.outcome()).isEqualTo(PromotionOutcome.REJECTED);
        assertThat(holder()).isEqualTo(a.number());
      } else {
        assertThat(loser.outcome()).isEqualTo(PromotionOutcome.PROMOTED);
        assertThat(holder()).isEqualTo(a.number());
      }
      assertThat(verdictEvents()).hasSize(4);
      assertThat(verdictEvents().get(3).details()).containsEntry("attempt", "2")
          .containsEntry("baseline", winner.candidate().toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rollbackGoesToThePreviousHolderOrANamedVersionAndTellsListeners() {
    promoter.promote(model(0.80).id(), "production", seedRule);
    promoter.promote(model(0.81).id(), "production", seedRule);
    promoter.promote(model(0.82).id(), "production", seedRule);
    AliasChange back = promoter.rollback("churn-model", "production", "canary said so");
    assertThat(back.to()).hasValue(2);
    assertThat(holder()).isEqualTo(2);
    promoter.rollbackTo("churn-model", "production", 1, "go to the known good one");
    assertThat(holder()).isEqualTo(1);
    assertThat(heard).endsWith("rolled back to 2", "rolled back to 1");
    assertThat(repo.audit().events(AuditQuery.all().type(AuditEventType.ALIAS_ROLLED_BACK)))
        .extracting(e -> e.detail("reason")).containsExactly("canary said so", "go to the known good one");
    assertThatThrownBy(() -> promoter.rollback("churn-model", "staging", "x"))
        .isInstanceOf(RollbackUnavailableException.class);
  }

  @Test
  void aFailingListenerDoesNotUndoThePromotion() {
    Promoter noisy = Promoter.builder(repo).listener(new PromotionListener() {
      @Override
      public void promoted(Promotion p) {
        throw new IllegalStateException("pager down");
      }
    }).build();
    assertThat(noisy.promote(model(0.8).id(), "production", seedRule).promoted()).isTrue();
    assertThat(holder()).isEqualTo(1);
  }

  @Test
  void stagedPlanStopsAtTheFirstRejectionLeavingProductionUntouched() {
    promoter.promote(model(0.80).id(), "production", seedRule);
    Gate staging = Gate.named("staging").require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.5).build()).build();
    AtomicInteger integrationRuns = new AtomicInteger();
    Gate integration = Gate.named("integration").require(Check.that("smoke-tests",
        ctx -> integrationRuns.incrementAndGet() > 0 && ctx.candidate().metric("auc").getAsDouble() > 0.82,
        "the staged model answers the smoke tests")).build();
    PromotionPlan plan = PromotionPlan.builder().promote("staging", staging).verify(integration)
        .promote("production", seedRule).build();

    PlanResult failing = plan.run(promoter, model(0.81).id());
    assertThat(failing.completed()).isFalse();
    assertThat(failing.explanation()).startsWith("Stopped at verification gate 'integration'");
    assertThat(repo.artifacts().alias("churn-model", "staging").orElseThrow().number()).isEqualTo(2);
    assertThat(holder()).isEqualTo(1);

    PlanResult passing = plan.run(promoter, model(0.90).id());
    assertThat(passing.completed()).isTrue();
    assertThat(passing.verdicts()).extracting(Verdict::gate).containsExactly("staging", "integration", "production");
    assertThat(holder()).isEqualTo(3);
    assertThat(integrationRuns.get()).isEqualTo(2);
    // Every verdict of the plan, the verification ones included, is in the audit log.
    assertThat(verdictEvents()).extracting(e -> e.detail("gate") + ":" + e.detail("action") + ":" + e.detail("verdict"))
        .containsExactly("production:promote:PASSED", "staging:promote:PASSED", "integration:evaluate:REJECTED",
            "staging:promote:PASSED", "integration:evaluate:PASSED", "production:promote:PASSED");
    assertThatThrownBy(() -> PromotionPlan.builder().verify(integration).build())
        .hasMessage("Cannot build a promotion plan that promotes to no alias; add promote(alias, gate)");
  }
}
