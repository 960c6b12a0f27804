package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactInfo;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree ls}: every artifact with its kind, latest version and aliases. */
@Command(name = "ls", description = "List artifacts: kind, latest version, aliases and what they hold.")
final class LsCommand extends StoreCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only artifacts whose name starts with this.")
  String prefix = "";

  @Option(names = "--kind", paramLabel = "KIND", description = "Only artifacts of this kind: ${COMPLETION-CANDIDATES}.")
  ArtifactKind kind;

  /** One artifact as {@code ls --json} prints it. */
  record Entry(String name, String kind, Integer latest, Map<String, Integer> aliases) {
  }

  /** The output of {@code ls --json}. */
  record Listing(List<Entry> artifacts) {
  }

  @Override
  int run(Repository repo) {
    List<Entry> entries = new ArrayList<>();
    try (Stream<ArtifactInfo> infos = kind == null ? repo.artifacts().list(prefix) : repo.artifacts().list(prefix, kind)) {
      infos.forEach(info -> entries.add(new Entry(info.name(), info.kind().name(),
          repo.artifacts().latest(info.name()).map(ArtifactVersion::number).orElse(null),
          repo.artifacts().aliases(info.name()))));
    }
    if (json()) {
      printJson(new Listing(entries));
      return ExitCodes.OK;
    }
    if (entries.isEmpty()) {
      out().println("No artifacts" + (prefix.isEmpty() ? "" : " starting with '" + prefix + "'") + ".");
      return ExitCodes.OK;
    }
    Table table = new Table("ARTIFACT", "KIND", "LATEST", "ALIASES");
    for (Entry e : entries) {
      table.row(e.name(), e.kind(), e.latest(), Table.pairs(e.aliases()));
    }
    table.print(out());
    return ExitCodes.OK;
  }
}
