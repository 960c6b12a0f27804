package dev.pedigree.cli;

import dev.pedigree.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree delete-run RUN --reason R}: deletes a run record, keeping its lineage edges as history. */
@Command(name = "delete-run", description = {"Delete a run, keeping a tombstone; lineage still shows it, as DELETED.",
    "The versions it read and wrote are not touched."})
final class DeleteRunCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  String run;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept in the tombstone and the audit log.")
  String reason;

  @Override
  int run(Repository repo) {
    DeleteCommand.print(this, repo.runs().delete(run, reason));
    return ExitCodes.OK;
  }
}
