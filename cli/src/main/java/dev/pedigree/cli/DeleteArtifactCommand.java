package dev.pedigree.cli;

import dev.pedigree.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree delete-artifact NAME --reason R}: removes its aliases and deletes all its versions. */
@Command(name = "delete-artifact", description = {"Delete a whole artifact: remove its aliases, delete every version.",
    "The version and alias logs stay as history; a later put under the same name starts it again."})
final class DeleteArtifactCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact, such as churn-model.")
  String name;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept in the tombstones and the audit log.")
  String reason;

  @Override
  int run(Repository repo) {
    DeleteCommand.print(this, repo.artifacts().deleteArtifact(name, reason));
    return ExitCodes.OK;
  }
}
