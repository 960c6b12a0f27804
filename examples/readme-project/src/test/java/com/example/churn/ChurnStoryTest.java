package com.example.churn;

import static org.assertj.core.api.Assertions.assertThat;

// snippet:pipeline-imports
import static dev.pedigree.dsl.Pipelines.stageOutput;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.dsl.Pipelines;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
// end-snippet
// snippet:gate-imports
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.checks.CanaryJudge;
import dev.pedigree.checks.CanaryMetric;
import dev.pedigree.checks.CanaryReport;
import dev.pedigree.checks.CanaryRollback;
import dev.pedigree.checks.ColumnType;
import dev.pedigree.checks.CsvTables;
import dev.pedigree.checks.DataQualityCheck;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.PlanResult;
import dev.pedigree.gates.Promoter;
import dev.pedigree.gates.Promotion;
import dev.pedigree.gates.PromotionListener;
import dev.pedigree.gates.PromotionPlan;
// end-snippet
// snippet:ci-imports
import dev.pedigree.gates.Verdict;
import dev.pedigree.gates.VerdictReports;
// end-snippet
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.checks.CanaryDecision;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageContext;
import dev.pedigree.pipeline.StageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's story end to end, as a user's project: the pipeline writes the features table and
 * the model as single files, the staging gate reads that table with {@code CsvTables}, the
 * production gate judges the model's AUC, CI reads the verdict, and a canary analysis rolls back.
 */
class ChurnStoryTest {
  @TempDir
  Path work;

  /** The team's training code: a churn rate per plan as the "model", scored on the rows it saw. */
  static final class Train implements StageAction {
    @Override
    public void run(StageContext ctx) throws IOException {
      List<String> rows = Files.readAllLines(ctx.input("features"));
      long churned = rows.stream().skip(1).filter(r -> r.endsWith(",1")).count();
      Files.writeString(ctx.output("churn-model"), "churn-rate " + churned + "/" + (rows.size() - 1) + " epochs "
          + ctx.param("epochs"));
      ctx.metric("auc", 0.85);                       // what your evaluation measured
      ctx.metric("log_loss", 0.31);
    }
  }

  /** Calls the staged model the way the service will. */
  static final class SmokeTests {
    private final Repository repo;

    SmokeTests(Repository repo) {
      this.repo = repo;
    }

    boolean pass(ArtifactVersion model) {
      try (InputStream in = repo.artifacts().open(model)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("churn-rate ");
      } catch (IOException e) {
        return false;
      }
    }
  }

  @Test
  void pipelineThenGatesThenCiThenCanary() throws Exception {
    Repository repo = Repository.open("file:" + work.resolve("repo"));
    ArtifactVersion raw = repo.artifacts().register(NewVersion.of("raw-customers", ArtifactKind.DATASET)
        .bytes(("customer_id,tenure_months,plan,churned\n1,0,basic,1\n2,12,pro,0\n3,30,basic,0\n4,5,pro,1\n")
            .getBytes(StandardCharsets.UTF_8)).build());
    repo.artifacts().moveAlias("raw-customers", "production", raw.number(), "initial load");
    Files.createDirectories(work.resolve("data"));
    Files.writeString(work.resolve("data/holdout.csv"), "customer_id,tenure_months,plan,churned\n9,7,pro,0\n");
    Path holdout = work.resolve("data/holdout.csv");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> alerts = new ArrayList<>();
    SmokeTests smokeTests = new SmokeTests(repo);
    try {
      // snippet:pipeline
      Pipeline churn = Pipelines.named("churn")
          .stage("preprocess")
              .input("raw", "raw-customers@production")            // a registered artifact version
              .param("min_tenure", 1)
              .outputFile("churn-features", ArtifactKind.DATASET)  // one CSV file (output(..) for a directory)
              .codeVersion("v3")                                   // or codeFromClass(..), codeFromGit(..)
              .action(ctx -> {
                int min = Integer.parseInt(ctx.param("min_tenure"));
                List<String> lines = Files.readAllLines(ctx.input("raw"));
                List<String> rows = new ArrayList<>(List.of(lines.get(0)));   // keep the header
                lines.stream().skip(1).filter(r -> Integer.parseInt(r.split(",")[1]) >= min).forEach(rows::add);
                Files.write(ctx.output("churn-features"), rows);
                ctx.metric("rows", rows.size() - 1);
              })
          .stage("train")
              .input("features", stageOutput("preprocess", "churn-features"))
              .param("epochs", 20)
              .outputFile("churn-model", ArtifactKind.MODEL)
              .codeFromClass(Train.class)                          // bytecode of Train and its nested classes
              .action(new Train())
          .stage("evaluate")
              .input("model", stageOutput("train", "churn-model"))
              .input("holdout", holdout)                           // a local file, checked through the stat cache
              .output("churn-report", ArtifactKind.REPORT)         // a directory of report files
              .action(ctx -> Files.writeString(ctx.output("churn-report").resolve("report.md"),
                  "# Churn model\n" + Files.readString(ctx.input("model"))))
          .build();

      PipelineResult result = PipelineRunner.on(repo)
          .executor(pool)                                          // optional; default: a small bounded pool
          .run(churn);
      result.stages().forEach(s -> System.out.println(s.stage() + " " + s.status() + " " + s.duration()));
      // run again with nothing changed: all three stages are SKIPPED_UNCHANGED
      // end-snippet
      assertThat(result.stagesWith(StageStatus.RAN)).containsExactly("preprocess", "train", "evaluate");
      assertThat(repo.artifacts().resolve("churn-features").layout()).isEqualTo(ContentLayout.FILE);
      assertThat(repo.artifacts().resolve("churn-report").layout()).isEqualTo(ContentLayout.DIRECTORY);
      assertThat(PipelineRunner.on(repo).executor(pool).run(churn).stagesWith(StageStatus.SKIPPED_UNCHANGED))
          .containsExactly("preprocess", "train", "evaluate");

      Gate production = ChurnGates.production();
      // snippet:gates
      ArtifactVersion candidate = repo.artifacts().resolve("churn-model");          // the pipeline's new model
      ArtifactVersion features = repo.artifacts().resolve("churn-features");        // the table it was trained on
      Gate staging = Gate.named("staging")
          .require(DataQualityCheck.named("training-data")
              .tables((ctx, version, check) -> CsvTables.version(repo, features))   // default: the candidate's own CSV
              .column("customer_id", ColumnType.INTEGER).unique("customer_id")
              .range("tenure_months", 0, 600).maxNullFraction("tenure_months", 0.01)
              .allowedValues("plan", "basic", "pro").rowCount(2, 50_000_000)
              .build())
          .build();
      Gate integration = Gate.named("integration")
          .require(Check.that("smoke-tests", ctx -> smokeTests.pass(ctx.candidate()),
              "the staged model answers the smoke tests"))
          .build();

      Promoter promoter = Promoter.builder(repo)
          .listener(new PromotionListener() {
            @Override public void rejected(Promotion p) { alerts.add(p.explanation()); }   // page someone
          })
          .build();

      PlanResult plan = PromotionPlan.builder()
          .promote("staging", staging)       // candidate -> staging
          .verify(integration)               // integration checks against staging
          .promote("production", production) // -> production, only if everything passed
          .build()
          .run(promoter, candidate.id());
      // end-snippet
      assertThat(plan.completed()).isTrue();
      assertThat(plan.verdicts().get(1).gate()).isEqualTo("integration");
      assertThat(plan.verdicts().get(1).baseline()).as("never the candidate itself").isEmpty();
      assertThat(repo.artifacts().resolve("churn-model@production").id()).isEqualTo(candidate.id());
      assertThat(repo.artifacts().resolve("churn-model@staging").id()).isEqualTo(candidate.id());
      assertThat(alerts).isEmpty();

      ArtifactVersion worse = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("churn-rate 1/4".getBytes(StandardCharsets.UTF_8)).metric("auc", 0.84).metric("log_loss", 0.3)
          .build());
      Path reports = work.resolve("target/pedigree-reports");
      assertThat(gateInCi(promoter, worse, production, reports)).as("exit status").isEqualTo(1);
      assertThat(Files.readString(reports.resolve("TEST-pedigree-gate-production.xml"))).contains("<failure")
          .contains("auc-not-worse");
      assertThat(alerts).singleElement().asString().contains("auc-not-worse");
      assertThat(repo.audit().events(AuditQuery.all().artifact("churn-model").type(AuditEventType.GATE_VERDICT)))
          .as("oldest first").extracting(e -> e.detail("gate") + " " + e.detail("verdict"))
          .containsExactly("staging PASSED", "integration PASSED", "production PASSED", "production REJECTED");

      Map<String, double[]> baselineSamples = Map.of(
          "latency_ms", new double[] {11.0, 12.4, 10.8, 13.3, 11.9, 12.2, 11.5, 12.0, 11.1, 12.7},
          "error_rate", new double[] {0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0});
      Map<String, double[]> canarySamples = Map.of(
          "latency_ms", new double[] {15.1, 17.3, 16.8, 18.2, 19.0, 17.9, 16.1, 17.5, 18.8, 16.6},
          "error_rate", new double[] {0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0});
      ArtifactVersion previous = repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL)
          .bytes("churn-rate 2/4".getBytes(StandardCharsets.UTF_8)).metric("auc", 0.86).metric("log_loss", 0.3)
          .build());
      assertThat(promoter.promote(previous.id(), "production", production).promoted()).isTrue();
      // snippet:canary
      // Automated rollback when the canary is worse (Mann-Whitney U per metric, as Kayenta's judge):
      CanaryJudge judge = CanaryJudge.builder().significance(0.05)
          .metric(CanaryMetric.higherIsWorse("latency_ms").allowing(0.10).minSamples(10))
          .metric(CanaryMetric.higherIsWorse("error_rate").minSamples(10))
          .build();
      CanaryReport report = judge.judge(baselineSamples, canarySamples);   // Map<String, double[]> each
      CanaryRollback.apply(promoter, "churn-model", "production", report); // moves production back on ROLLBACK
      // end-snippet
      assertThat(report.decision()).isEqualTo(CanaryDecision.ROLLBACK);
      assertThat(repo.artifacts().resolve("churn-model@production").id()).isEqualTo(candidate.id());
    } finally {
      pool.shutdownNow();
      repo.close();
    }
  }

  /** What a CI step does with a verdict; returns the process's exit status. */
  static int gateInCi(Promoter promoter, ArtifactVersion candidate, Gate production, Path reports) {
    // snippet:ci
    Promotion promotion = promoter.promote(candidate.id(), "production", production);
    Verdict verdict = promotion.verdict().orElseThrow();
    VerdictReports.write(verdict, reports);        // TEST-pedigree-gate-production.xml (JUnit), verdict-production.json/.md
    VerdictReports.appendToGitHubSummary(verdict); // Markdown table on the job page; no-op elsewhere
    if (!promotion.promoted()) {
      System.err.println(promotion.explanation()); // which checks failed and why
      return 1;                                    // fail the CI step
    }
    return 0;
    // end-snippet
  }
}
