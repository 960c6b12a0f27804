package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.artifacts.Deletion;
import dev.pedigree.artifacts.VersionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pedigree delete NAME:N --reason R}: deletes one version, leaving a tombstone. Refused
 * (exit 2) while an alias holds it; deleting it again prints the first deletion.
 */
@Command(name = "delete", description = {"Delete one version, keeping a tombstone of when, by whom and why.",
    "Reading it afterwards fails as gone (exit 3); its content is reclaimed by a later gc once no other version",
    "shares it. Refused (exit 2) while an alias holds the version: move the alias first. Deleting again is a no-op."})
final class DeleteCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME:N", description = "The version, by number, such as churn-model:3.")
  String reference;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept in the tombstone and the audit log.")
  String reason;

  @Override
  int run(Repository repo) {
    ArtifactRef ref = ArtifactRef.parse(reference);
    if (ref.version().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot delete '" + reference
          + "': it names no version number; write NAME:N, such as churn-model:3");
    }
    Deletion deletion = repo.artifacts().delete(new VersionId(ref.artifact(), ref.version().getAsInt()), reason);
    print(this, deletion);
    return ExitCodes.OK;
  }

  /** Prints a deletion as text or as the JSON {@code deletion} shape. */
  static void print(StoreCommand command, Deletion deletion) {
    if (command.json()) {
      command.printJson(Views.Deleted.of(deletion));
      return;
    }
    command.out().println("Deleted " + deletion.subject() + " at " + Table.time(deletion.time()) + " by "
        + deletion.actor() + ": " + deletion.reason());
    command.out().flush();
  }
}
