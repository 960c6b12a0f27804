package dev.pedigree.web;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.MetricCheck;
import dev.pedigree.gates.Promoter;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Fills a repository with the weekly churn-model story the UI is tested on: a directory
 * dataset, a preprocessing run, five trained models with metrics, gate verdicts (one rejected),
 * staging and production aliases with a rollback, and a report downstream. With a hostile
 * string, every free-text field the store keeps (actor, descriptions, params, tags, reasons,
 * evidence, file names, run errors) carries it.
 */
final class DemoStore {
  /** Each part would run script, add an element or break out of an attribute or a script block if not escaped. */
  static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1;document.body.appendChild(document.createElement('pwned'))\">"
      + "<script>window.__pwned=2</script>\"><svg onload=window.__pwned=3>'\" onmouseover='window.__pwned=4' "
      + "</script><script>window.__pwned=5</script>javascript:window.__pwned=6";
  /** A file name that is markup (no '/'). */
  static final String HOSTILE_FILE = "<img src=x onerror=window.__pwned=7>.csv";

  private DemoStore() {
  }

  /** Opens a fresh in-memory repository holding the story. */
  static Repository create(String actor, String hostile, Path scratch) {
    Repository repo = Repository.builder("mem:web-" + UUID.randomUUID()).actor(actor + hostile).build();
    fill(repo, hostile, scratch);
    return repo;
  }

  private static void fill(Repository repo, String x, Path scratch) {
    Path data = scratch.resolve("customers-" + UUID.randomUUID());
    try {
      Files.createDirectories(data.resolve("parts"));
      Files.writeString(data.resolve("customers.csv"), "customer_id,tenure_months,plan\n1,12,basic\n2,30,pro\n");
      Files.writeString(data.resolve("schema.json"), "{\"columns\": 3}\n");
      Files.writeString(data.resolve("parts/0001.csv"), "3,4,basic\n");
      if (!x.isEmpty()) {
        Files.writeString(data.resolve(HOSTILE_FILE), "hostile\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ArtifactVersion raw = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET).directory(data)
        .description("Customer export of week 1" + x).tag("source", "crm" + x).build());
    ArtifactVersion features;
    try (ActiveRun run = repo.runs().start("preprocess", CodeVersion.of("v3"))) {
      run.input(raw);
      run.param("min_tenure", "1" + x);
      features = run.register(NewVersion.of("features", ArtifactKind.DATASET)
          .bytes("customer_id,tenure\n1,12\n2,30\n".getBytes(StandardCharsets.UTF_8)).metric("rows", 2)
          .description("Filtered features" + x).build());
      run.succeed();
    }
    double[] auc = {0.81, 0.84, 0.86, 0.83, 0.88};
    double[] logLoss = {0.41, 0.38, 0.36, 0.39, 0.33};
    Gate production = Gate.named("production")
        .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
            .whenNoBaseline(BaselinePolicy.PASS).build())
        .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build())
        .advise(MetricCheck.named("log-loss").metric("log_loss").atMost(0.40).build())
        .require(Check.of("review", ctx -> CheckResult.passed("review", Evidence.builder("Reviewed by the model owner" + x)
            .observed("reviewer", "dana" + x).threshold("reviewers", ">= 1" + x).build())))
        .build();
    Promoter promoter = Promoter.of(repo);
    ArtifactVersion third = null;
    for (int week = 1; week <= 5; week++) {
      ArtifactVersion model;
      try (ActiveRun run = repo.runs().start("train", CodeVersion.of("1." + week + ".0"))) {
        run.input(features);
        run.param("epochs", Integer.toString(10 + week * 5));
        run.param("learning_rate", "0.05" + x);
        model = run.register(NewVersion.of("churn-model", ArtifactKind.MODEL)
            .bytes(("weights of week " + week).getBytes(StandardCharsets.UTF_8))
            .metric("auc", auc[week - 1]).metric("log_loss", logLoss[week - 1])
            .param("epochs", Integer.toString(10 + week * 5)).tag("week", Integer.toString(week) + x)
            .description("Weekly retrain, week " + week + x).build());
        run.succeed();
      }
      if (week == 3) {
        third = model;
      }
      promoter.promote(model.id(), "production", production);
      repo.artifacts().moveAlias("churn-model", "staging", model.number(), "nightly staging of week " + week + x);
    }
    repo.artifacts().rollback("churn-model", "production", "support saw more false alarms" + x);
    try (ActiveRun run = repo.runs().start("evaluate", CodeVersion.of("v1"))) {
      run.input(third);
      run.register(NewVersion.of("churn-report", ArtifactKind.REPORT)
          .bytes("# Churn model report\n".getBytes(StandardCharsets.UTF_8)).description("Holdout report" + x).build());
      run.succeed();
    }
    try (ActiveRun run = repo.runs().start("export" + x, CodeVersion.of("v1" + x))) {
      run.input(third);
      run.fail(new IllegalStateException("Export target refused the upload" + x));
    }
  }
}
