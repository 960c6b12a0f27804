package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pedigree aliases NAME}: each alias, the version it holds, and since when, by whom, why. */
@Command(name = "aliases", description = "List an artifact's aliases: the version each holds, since when, by whom and why.")
final class AliasesCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  String name;

  /** One alias as {@code aliases --json} prints it; {@code since}, {@code by}, {@code reason} and {@code kind} describe its latest move. */
  record Entry(String alias, int version, String since, String by, String reason, String kind) {
  }

  /** The output of {@code aliases --json}. */
  record Listing(String artifact, List<Entry> aliases) {
  }

  @Override
  int run(Repository repo) {
    if (repo.artifacts().latest(name).isEmpty()) {
      throw new ArtifactNotFoundException(name, "Cannot list the aliases of '" + name
          + "': there is no artifact of that name; see what exists with 'pedigree ls'");
    }
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Integer> alias : repo.artifacts().aliases(name).entrySet()) {
      List<AliasChange> history = repo.artifacts().aliasHistory(name, alias.getKey());
      AliasChange last = history.get(0);
      entries.add(new Entry(alias.getKey(), alias.getValue(), last.time().toString(), last.actor(), last.reason(),
          last.kind().name()));
    }
    if (json()) {
      printJson(new Listing(name, entries));
      return ExitCodes.OK;
    }
    if (entries.isEmpty()) {
      out().println(name + " has no aliases; move one with 'pedigree alias " + name + " production VERSION --reason ...'.");
      out().flush();
      return ExitCodes.OK;
    }
    Table table = new Table("ALIAS", "VERSION", "SINCE", "BY", "HOW", "REASON");
    for (Entry e : entries) {
      table.row(e.alias(), e.version(), Table.time(java.time.Instant.parse(e.since())), e.by(), e.kind(), e.reason());
    }
    table.print(out());
    return ExitCodes.OK;
  }
}
