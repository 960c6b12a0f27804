package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree rollback NAME@ALIAS --reason R}: moves an alias back to its previous holder. */
@Command(name = "rollback", description = {"Move an alias back to its previous holder (or --to N), recorded as a rollback.",
    "Rolling back twice goes back two holders, as an undo would."})
final class RollbackCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME@ALIAS", description = "The alias, such as churn-model@production.")
  String reference;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept in the alias's history.")
  String reason;

  @Option(names = "--to", paramLabel = "N", description = "Roll back to this version rather than the previous holder.")
  Integer to;

  @Override
  int run(Repository repo) {
    ArtifactRef ref = HistoryCommand.aliasRef(spec, reference);
    String alias = ref.alias().orElseThrow();
    AliasChange change = to == null ? repo.artifacts().rollback(ref.artifact(), alias, reason)
        : repo.artifacts().rollbackTo(ref.artifact(), alias, to, reason);
    AliasCommand.print(this, change);
    return ExitCodes.OK;
  }
}
