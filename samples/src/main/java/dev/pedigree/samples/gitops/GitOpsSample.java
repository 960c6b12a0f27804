package dev.pedigree.samples.gitops;

import dev.pedigree.Repository;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.samples.ml.ChurnDataGenerator;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.LabelledCustomer;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.BlobStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The GitOps sample, end to end: a valid feature-definition change is versioned and a broken
 * one rejected naming the field; a first model is deployed; each later candidate is shadowed
 * beside production before its canary; a healthy canary is promoted; a degraded canary is rolled
 * back and its {@code values.yaml} commit reverted; serving traffic is checked for skew against
 * the training profile, and a log whose charges arrive in cents is caught. Prints the GitOps
 * repository's history and final values.
 *
 * <pre>
 * GitOpsSample [--repo LOCATION] [--infra FOLDER]
 * </pre>
 *
 * <p>The infra folder (default {@code pedigree-out/gitops-infra}) is created afresh each run;
 * inspect it afterwards with {@code git -C pedigree-out/gitops-infra log -p}.
 */
public final class GitOpsSample {
  private GitOpsSample() {
  }

  /**
   * Runs the sample.
   *
   * @param args {@code [--repo LOCATION] [--infra FOLDER]}
   * @throws IOException if the infra folder cannot be prepared
   */
  public static void main(String[] args) throws IOException {
    String location = null;
    Path infra = Path.of("pedigree-out", "gitops-infra");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repo" -> location = args[++i];
        case "--infra" -> infra = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Cannot run the GitOps sample: unknown argument '" + args[i] + "'");
      }
    }
    if (location == null) {
      // The sample's own default repository starts afresh with the infra repository it pairs with.
      Path own = Path.of("pedigree-out", "gitops-repo");
      if (Files.exists(infra.resolve(".git"))) {
        deleteTree(own);
      }
      location = BlobStores.schemes().contains("file") ? own.toString() : "mem:";
    }
    run(location, infra, System.out);
  }

  static void run(String location, Path infra, PrintStream out) throws IOException {
    if (Files.exists(infra.resolve(".git"))) {
      deleteTree(infra);
    }
    try (Repository repo = Repository.builder(location).actor("gitops-sample").build();
        GitOpsRepository git = GitOpsRepository.init(infra)) {
      CanaryRollout rollout = new CanaryRollout(repo, git, 5);
      CanaryRollout.FeatureChange good = rollout.proposeFeatures(FeatureDefinitions.churnDefinitions(),
          "churn feature definitions, first version");
      out.println("feature definitions: " + good.version().orElseThrow() + (good.accepted() ? " approved" : " rejected"));
      String broken = FeatureDefinitions.churnDefinitions().replace("type: number", "type: float64");
      CanaryRollout.FeatureChange bad = rollout.proposeFeatures(broken, "monthly_charges as float64");
      out.println("broken change:       " + bad.version().orElseThrow() + (bad.accepted() ? " approved?!" : " rejected — ")
          + String.join("; ", bad.problems()));
      for (int round = 1; round <= 3; round++) {
        CanaryRollout.Rollout r = rollout.rollout(round, round == 3);
        int number = round;
        r.shadow().ifPresent(v -> out.printf("rollout %d: shadowed beside production first — %s %s%n", number,
            v.passed() ? "PASSED:" : "REJECTED:", v.results().get(0).evidence().summary()));
        out.printf("rollout %d: %s %s — %s%n", round, r.model().map(Object::toString).orElse("-"), r.decision(), r.detail());
      }
      out.println();
      // Training/serving skew: what serving sees, against the profile the stable model recorded at training.
      List<Customer> served = new ChurnDataGenerator(77).week(50, 600, WeekConditions.healthy()).stream()
          .map(LabelledCustomer::customer).toList();
      String definitions = repo.artifacts().alias(CanaryRollout.FEATURES, CanaryRollout.APPROVED).orElseThrow()
          .content().toString();
      CheckResult healthy = rollout.checkServingSkew(served, definitions, "today's serving log");
      out.println("serving skew, healthy traffic: " + healthy.status() + " — " + healthy.evidence().summary());
      List<Customer> cents = served.stream().map(c -> new Customer(c.id(), c.tenureMonths(), c.monthlyCharges() * 100,
          c.contract(), c.supportCalls())).toList();
      CheckResult caught = rollout.checkServingSkew(cents, definitions, "a serving log with charges sent in cents");
      out.println("serving skew, charges in cents: " + caught.status() + " — " + caught.evidence().summary());
      out.println();
      out.println("GitOps repository " + git.workTree() + ", newest first:");
      git.log().forEach(c -> out.println("  " + c.id().substring(0, 10) + " " + c.subject()));
      out.println();
      out.println(GitOpsRepository.VALUES + ":");
      git.values().lines().forEach(l -> out.println("  " + l));
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
