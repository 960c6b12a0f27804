package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.gates.Verdict;
import dev.pedigree.gates.VerdictFormat;
import dev.pedigree.lineage.Dot;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Mermaid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes the run's files: each week's verdict as Markdown, all verdicts as JUnit XML, the
 * alerts, and the lineage of the production model as Mermaid and Graphviz DOT.
 */
final class OutputFiles {
  private final Path out;
  private final Path reports;

  OutputFiles(Path out, Path reports) {
    this.out = out;
    this.reports = reports;
  }

  void write(Repository repo, List<WeekOutcome> outcomes, List<String> alerts) {
    StringBuilder summary = new StringBuilder("# Churn model — gate verdicts\n\n");
    summary.append("| week | data | candidate | reference AUC | decision | production after |\n|---|---|---|---|---|---|\n");
    for (WeekOutcome o : outcomes) {
      summary.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", o.week(), o.conditions().describe(),
          o.model().map(Object::toString).orElse("-"),
          o.reference().map(e -> String.format(Locale.ROOT, "%.4f", e.auc())).orElse("-"), o.decision(),
          Optional.ofNullable(o.aliases().get(WeeklyRetraining.PRODUCTION)).map(v -> "v" + v).orElse("-")));
    }
    summary.append('\n');
    for (WeekOutcome o : outcomes) {
      String md = markdown(o);
      write(out.resolve("verdicts").resolve(String.format(Locale.ROOT, "week-%02d.md", o.week())), md);
      summary.append(md).append('\n');
    }
    Optional<ArtifactVersion> production = repo.artifacts().alias(ChurnPipeline.MODEL, WeeklyRetraining.PRODUCTION);
    Optional<LineageView> lineage = production.map(p -> repo.lineage().upstream(p.id()));
    // GitHub renders a fenced mermaid block as a diagram, in files and in job summaries alike.
    lineage.ifPresent(l -> summary.append("## Where production came from\n\n```mermaid\n")
        .append(Mermaid.render(l).stripTrailing()).append("\n```\n"));
    write(out.resolve("verdicts").resolve("summary.md"), summary.toString());
    for (WeekOutcome o : outcomes) {
      for (int i = 0; i < o.verdicts().size(); i++) {
        Verdict v = o.verdicts().get(i);
        write(reports.resolve(junitFile(o.week(), i + 1, v)), v.render(VerdictFormat.JUNIT_XML));
      }
    }
    write(out.resolve("alerts.log"), alerts.isEmpty() ? "" : String.join("\n", alerts) + "\n");
    if (lineage.isPresent()) {
      write(out.resolve("lineage").resolve("production.mmd"), Mermaid.render(lineage.get()));
      write(out.resolve("lineage").resolve("production.dot"), Dot.render(lineage.get()));
    }
  }

  static String junitFile(int week, int step, Verdict verdict) {
    return String.format(Locale.ROOT, "TEST-churn-week-%02d-%d-%s.xml", week, step, verdict.gate());
  }

  String markdown(WeekOutcome o) {
    StringBuilder md = new StringBuilder("## Week ").append(o.week()).append(" — ").append(o.conditions().describe())
        .append(": ").append(o.rejected() ? "❌ " : "✅ ").append(o.decision()).append("\n\n");
    if (o.quality().blocking()) {
      md.append("Data quality check `").append(o.quality().check()).append("` failed: ")
          .append(o.quality().evidence().summary()).append("\n");
    }
    for (Verdict v : o.verdicts()) {
      md.append(v.render(VerdictFormat.MARKDOWN)).append('\n');
    }
    md.append('\n');
    o.monitoring().ifPresent(m -> md.append("Monitoring: ").append(m.healthy() ? "healthy — " : "**unhealthy** — ")
        .append(m.message()).append("\n\n"));
    o.rollback().ifPresent(r -> md.append("**Rolled back** production from v").append(r.from().orElse(0))
        .append(" to v").append(r.to().orElse(0)).append(".\n\n"));
    md.append("Decision: **").append(o.decision()).append("**; aliases after the week: ")
        .append(TerminalReport.aliases(o.aliases())).append('\n');
    return md.toString();
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
