package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
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
  static final String JUNIT_FILE = "TEST-churn-gate.xml";

  private final Path out;
  private final Path reports;

  OutputFiles(Path out, Path reports) {
    this.out = out;
    this.reports = reports;
  }

  void write(Repository repo, List<WeekOutcome> outcomes, List<String> alerts) {
    StringBuilder summary = new StringBuilder("# Churn model — gate verdicts\n\n");
    summary.append("| week | data | candidate | reference AUC | verdict | production after |\n|---|---|---|---|---|---|\n");
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
    write(out.resolve("verdicts").resolve("summary.md"), summary.toString());
    write(reports.resolve(JUNIT_FILE), VerdictFormats.junitXml("churn-gate",
        outcomes.stream().flatMap(o -> o.verdict().stream()).toList()));
    write(out.resolve("alerts.log"), alerts.isEmpty() ? "" : String.join("\n", alerts) + "\n");
    Optional<ArtifactVersion> production = repo.artifacts().alias(ChurnStages.MODEL, WeeklyRetraining.PRODUCTION);
    if (production.isPresent()) {
      LineagePictures lineage = LineagePictures.upstreamOf(repo, production.get().id());
      write(out.resolve("lineage").resolve("production.mmd"), lineage.mermaid());
      write(out.resolve("lineage").resolve("production.dot"), lineage.dot());
    }
  }

  String markdown(WeekOutcome o) {
    StringBuilder md = new StringBuilder();
    if (o.verdict().isPresent()) {
      md.append(VerdictFormats.markdown(o.verdict().get()));
    } else {
      md.append("### Week ").append(o.week()).append(": ❌ REJECTED — data quality\n\n");
      o.quality().failures().forEach(f -> md.append("- ").append(f.rule()).append(": ").append(f.detail()).append('\n'));
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
