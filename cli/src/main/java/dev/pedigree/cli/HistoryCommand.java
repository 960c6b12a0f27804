package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pedigree history NAME@ALIAS}: every move of an alias, newest first. */
@Command(name = "history", description = "Show every move of an alias, newest first: when, from, to, who and why.")
final class HistoryCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME@ALIAS", description = "The alias, such as churn-model@production.")
  String reference;

  /** The output of {@code history --json}. */
  record Listing(String artifact, String alias, List<Views.Change> changes) {
  }

  @Override
  int run(Repository repo) {
    ArtifactRef ref = aliasRef(spec, reference);
    String alias = ref.alias().orElseThrow();
    List<AliasChange> history = repo.artifacts().aliasHistory(ref.artifact(), alias);
    if (history.isEmpty()) {
      throw new ArtifactNotFoundException(reference, "Cannot show the history of " + reference
          + ": the alias was never set; list the aliases with 'pedigree aliases " + ref.artifact() + "'");
    }
    if (json()) {
      printJson(new Listing(ref.artifact(), alias, history.stream().map(Views.Change::of).toList()));
      return ExitCodes.OK;
    }
    Table table = new Table("#", "WHEN", "HOW", "FROM", "TO", "BY", "REASON");
    for (AliasChange c : history) {
      table.row(c.sequence(), Table.time(c.time()), c.kind(), Views.boxed(c.from()), Views.boxed(c.to()), c.actor(),
          c.reason());
    }
    table.print(out());
    return ExitCodes.OK;
  }

  /** Parses {@code name@alias}, refusing any other form as a usage error. */
  static ArtifactRef aliasRef(CommandLine.Model.CommandSpec spec, String text) {
    ArtifactRef ref = ArtifactRef.parse(text);
    if (ref.alias().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot use '" + text
          + "' here: it names no alias; write NAME@ALIAS, such as churn-model@production");
    }
    return ref;
  }
}
