package dev.pedigree.samples.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.checks.CanaryDecision;
import dev.pedigree.checks.FeatureProfile;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole GitOps flow against a real git repository in a temporary folder. */
class CanaryRolloutTest {
  @TempDir
  Path infra;

  @Test
  void promotesAHealthyCanaryAndRevertsADegradedOneInGitAndInTheRegistry() throws Exception {
    try (Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
        GitOpsRepository git = GitOpsRepository.init(infra)) {
      CanaryRollout rollout = new CanaryRollout(repo, git, 5);

      CanaryRollout.FeatureChange broken = rollout.proposeFeatures(
          FeatureDefinitions.churnDefinitions().replace("type: number", "type: float64"), "broken");
      assertThat(broken.accepted()).isFalse();
      assertThat(broken.problems()).singleElement().asString().startsWith("/features/1/type");
      assertThat(repo.artifacts().alias(CanaryRollout.FEATURES, CanaryRollout.APPROVED)).isEmpty();
      CanaryRollout.FeatureChange good = rollout.proposeFeatures(FeatureDefinitions.churnDefinitions(), "first");
      assertThat(good.accepted()).isTrue();
      assertThat(repo.artifacts().alias(CanaryRollout.FEATURES, CanaryRollout.APPROVED).orElseThrow().id())
          .isEqualTo(new VersionId(CanaryRollout.FEATURES, 2));

      CanaryRollout.Rollout first = rollout.rollout(1, false);
      assertThat(first.decision()).isEqualTo(CanaryRollout.Decision.DEPLOYED_FIRST);
      String digest1 = repo.artifacts().version(new VersionId(CanaryRollout.MODEL, 1)).content().toString();
      assertThat(git.values()).contains("version: \"gitops-model:1\"").contains(digest1).contains("canary: null");

      CanaryRollout.Rollout healthy = rollout.rollout(2, false);
      assertThat(healthy.decision()).isEqualTo(CanaryRollout.Decision.PROMOTED);
      assertThat(production(repo)).isEqualTo(2);
      assertThat(git.values()).contains("version: \"gitops-model:2\"").contains("canary: null");

      CanaryRollout.Rollout degraded = rollout.rollout(3, true);
      assertThat(degraded.decision()).isEqualTo(CanaryRollout.Decision.ROLLED_BACK);
      assertThat(degraded.canary().orElseThrow().decision()).isEqualTo(CanaryDecision.ROLLBACK);
      assertThat(healthy.canary().orElseThrow().decision()).isEqualTo(CanaryDecision.PROMOTE);
      assertThat(production(repo)).isEqualTo(2);
      assertThat(repo.artifacts().alias(CanaryRollout.MODEL, CanaryRollout.CANARY).orElseThrow().number()).isEqualTo(2);
      assertThat(repo.artifacts().aliasHistory(CanaryRollout.MODEL, CanaryRollout.CANARY).get(0).kind())
          .isEqualTo(AliasChange.Kind.ROLLBACK);

      // The git history holds each step, the revert last, and the values are back to stable v2 only.
      List<String> subjects = git.log().stream().map(GitOpsRepository.Commit::subject).toList();
      assertThat(subjects).hasSize(6);
      assertThat(subjects.get(0)).isEqualTo("Revert \"" + subjects.get(1) + "\"");
      assertThat(subjects.get(1)).startsWith("Canary gitops-model:3");
      assertThat(subjects.get(2)).startsWith("Promote gitops-model:2").endsWith("to stable");
      assertThat(subjects.get(3)).startsWith("Canary gitops-model:2");
      assertThat(subjects.get(4)).startsWith("Deploy gitops-model:1");
      assertThat(git.log().get(2).message()).contains("Verdict: Canary analysis says PROMOTE");
      assertThat(git.log().get(1).message()).contains("Verdict: canary training passed");
      assertThat(git.values()).contains("version: \"gitops-model:2\"").doesNotContain("gitops-model:3")
          .contains("canary: null");

      // Read back independently of our wrapper: the revert commit's parent is the canary commit it reverts.
      try (Git raw = Git.open(infra.toFile())) {
        RevCommit head = raw.log().setMaxCount(1).call().iterator().next();
        assertThat(head.getParent(0).getName()).isEqualTo(degraded.commits().get(0));
        assertThat(head.getFullMessage()).contains("This reverts commit " + degraded.commits().get(0));
      }

      // Each decision is audited: the schema rejection, both canary verdicts, the revert, the rollback.
      List<AuditEvent> events = repo.audit().newestFirst().toList();
      assertThat(events).filteredOn(e -> "feature-definitions".equals(e.detail("gate")))
          .extracting(e -> e.detail("candidate") + "=" + e.detail("verdict"))
          .containsExactly("churn-feature-defs:2=PASSED", "churn-feature-defs:1=REJECTED");
      assertThat(events).filteredOn(e -> "canary-analysis".equals(e.detail("gate")))
          .extracting(e -> e.detail("candidate") + "=" + e.detail("verdict"))
          .containsExactly("gitops-model:3=REJECTED", "gitops-model:2=PASSED");
      assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuditEventType.CUSTOM)
          .satisfies(t -> assertThat(e.details()).containsEntry("reverted", degraded.commits().get(0))));
      assertThat(events).filteredOn(e -> e.type() == AuditEventType.ALIAS_ROLLED_BACK).singleElement()
          .satisfies(e -> assertThat(e.subject()).isEqualTo("gitops-model@canary"));
      assertThat(repo.audit().verify().problems()).isEmpty();

      // Each candidate after the first was shadowed beside production before its canary, and passed.
      assertThat(first.shadow()).isEmpty();
      assertThat(healthy.shadow()).hasValueSatisfying(v -> assertThat(v.passed()).isTrue());
      assertThat(degraded.shadow()).hasValueSatisfying(v -> assertThat(v.results().get(0).evidence()
          .number("agreement").getAsDouble()).isGreaterThanOrEqualTo(0.9));
      assertThat(events).filteredOn(e -> "shadow".equals(e.detail("gate"))).hasSize(2);

      // Serving skew against the stable model's training profile: healthy traffic passes, charges sent in
      // cents are caught on monthly_charges, and other feature definitions fail outright.
      ArtifactVersion stable = repo.artifacts().alias(CanaryRollout.MODEL, CanaryRollout.PRODUCTION).orElseThrow();
      assertThat(FeatureProfile.of(stable)).hasValueSatisfying(p -> assertThat(p.columns()).containsOnlyKeys(
          "tenure_months", "monthly_charges", "support_calls", "contract"));
      String definitions = repo.artifacts().alias(CanaryRollout.FEATURES, CanaryRollout.APPROVED).orElseThrow()
          .content().toString();
      List<Customer> served = new ChurnDataGenerator(77).week(50, 600, WeekConditions.healthy()).stream()
          .map(LabelledCustomer::customer).toList();
      assertThat(rollout.checkServingSkew(served, definitions, "serving").status()).isEqualTo(CheckStatus.PASSED);
      CheckResult cents = rollout.checkServingSkew(served.stream().map(c -> new Customer(c.id(), c.tenureMonths(),
          c.monthlyCharges() * 100, c.contract(), c.supportCalls())).toList(), definitions, "serving");
      assertThat(cents.status()).isEqualTo(CheckStatus.FAILED);
      assertThat(cents.evidence().summary()).contains("column 'monthly_charges' is skewed")
          .doesNotContain("column 'tenure_months' is skewed");
      assertThat(rollout.checkServingSkew(served, "sha256:" + "0".repeat(64), "serving").evidence().summary())
          .startsWith("Serving computes features from other definitions");
    }
  }

  private static int production(Repository repo) {
    return repo.artifacts().alias(CanaryRollout.MODEL, CanaryRollout.PRODUCTION).orElseThrow().number();
  }
}
