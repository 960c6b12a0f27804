package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pedigree alias NAME ALIAS VERSION --reason R}: moves an alias, recorded in its history
 * and the audit log. With {@code --expect} the move is a compare-and-swap that fails with exit
 * code 4 when the alias holds another version.
 */
@Command(name = "alias", description = {"Move an alias to a version, recorded with the reason.",
    "With --expect N (or --expect-absent) it moves only if the alias holds N (or nothing), else exits 4."})
final class AliasCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  String name;

  @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, such as production.")
  String alias;

  @Parameters(index = "2", paramLabel = "VERSION", description = "The version number it will hold.")
  int version;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept in the alias's history.")
  String reason;

  @ArgGroup(exclusive = true)
  Expectation expectation;

  /** What the alias must hold for the move to happen. */
  static final class Expectation {
    @Option(names = "--expect", paramLabel = "N", description = "Move only if the alias holds version N now.")
    Integer version;

    @Option(names = "--expect-absent", description = "Move only if the alias does not exist yet.")
    boolean absent;
  }

  @Override
  int run(Repository repo) {
    AliasChange change;
    if (expectation == null) {
      change = repo.artifacts().moveAlias(name, alias, version, reason);
    } else {
      AliasMove.Builder move = AliasMove.of(name, alias).to(version).reason(reason);
      if (expectation.version != null) {
        move.expecting(expectation.version);
      } else {
        move.expectingAbsent();
      }
      change = repo.artifacts().move(move.build());
    }
    print(this, change);
    return ExitCodes.OK;
  }

  /** Prints an alias change as text or JSON; shared with {@code rollback}. */
  static void print(StoreCommand command, AliasChange c) {
    if (command.json()) {
      command.printJson(Views.Change.of(c));
      return;
    }
    String from = c.from().isPresent() ? Integer.toString(c.from().getAsInt()) : "nothing";
    String to = c.to().isPresent() ? Integer.toString(c.to().getAsInt()) : "nothing";
    command.out().println(c.artifact() + "@" + c.alias() + ": " + from + " -> " + to + " ("
        + c.kind().name().toLowerCase(java.util.Locale.ROOT) + " #" + c.sequence() + " by " + c.actor() + ": "
        + c.reason() + ")");
    command.out().flush();
  }
}
