package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.lineage.Run;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pedigree show REF}: one version with its params, metrics, tags, aliases and origin. */
@Command(name = "show", description = "Show one version: content, params, metrics, tags, aliases and the run that made it.")
final class ShowCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "REF", description = "name@alias, name:number or name (the latest).")
  String reference;

  @Override
  int run(Repository repo) {
    ArtifactVersion v = repo.artifacts().resolve(reference);
    List<String> aliases = aliasesOf(repo, v);
    if (json()) {
      printJson(Views.Version.of(v, aliases));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println(v.id());
    Table facts = new Table("", "");
    facts.row("  kind", v.kind() + " (" + v.layout().name().toLowerCase(Locale.ROOT) + ", " + Sizes.human(v.size()) + ")");
    facts.row("  content", v.content());
    facts.row("  created", Table.time(v.createdAt()) + " by " + v.createdBy());
    if (v.producedBy().isPresent()) {
      String runId = v.producedBy().get();
      String job = repo.runs().find(runId).map(Run::job).orElse("unknown job");
      facts.row("  produced by", "run " + runId + " (" + job + ")");
    }
    facts.row("  aliases", String.join(", ", aliases));
    if (!v.description().isEmpty()) {
      facts.row("  description", v.description());
    }
    facts.printRows(out);
    section(out, "params", v.params());
    section(out, "metrics", v.metrics());
    section(out, "tags", v.tags());
    out.flush();
    return ExitCodes.OK;
  }

  private static void section(PrintWriter out, String title, Map<String, ?> values) {
    if (values.isEmpty()) {
      return;
    }
    out.println(title);
    Table table = new Table("", "");
    values.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> table.row("  " + e.getKey(), Table.number(e.getValue())));
    table.printRows(out);
  }

  /** The aliases that hold a version now, in name order. */
  static List<String> aliasesOf(Repository repo, ArtifactVersion v) {
    return repo.artifacts().aliases(v.artifact()).entrySet().stream()
        .filter(e -> e.getValue() == v.number()).map(Map.Entry::getKey).toList();
  }
}
