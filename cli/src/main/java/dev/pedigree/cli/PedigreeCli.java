package dev.pedigree.cli;

import dev.pedigree.Repository;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code pedigree} command line: a thin shell over the library's public API that reads and
 * changes a store on {@code file:}, {@code s3://} and {@code gs://}.
 *
 * <pre>{@code
 * java -jar cli/target/pedigree-cli.jar --repo file:/var/lib/pedigree ls
 * }</pre>
 *
 * <p>Embedding it (as the tests do) is {@link #commandLine(Map, boolean)} followed by
 * {@code execute(args)}; the exit codes are those of {@link ExitCodes}.
 */
@Command(name = "pedigree",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = PedigreeCli.Version.class,
    usageHelpWidth = 100,
    description = {
        "Look inside a Pedigree store, move its aliases and check it, without writing Java.",
        "Every command works on the store named by --repo or the PEDIGREE_REPO environment variable:",
        "a folder (file:/var/lib/pedigree or a plain path), s3://bucket/prefix or gs://bucket/prefix.",
        "References: churn-model@production (alias), churn-model:7 (number), churn-model (latest)."},
    subcommands = {
        LsCommand.class, ShowCommand.class, VersionsCommand.class, AliasesCommand.class, HistoryCommand.class,
        LineageCommand.class, DiffCommand.class, GetCommand.class, PutCommand.class, AliasCommand.class,
        RollbackCommand.class, DeleteCommand.class, DeleteArtifactCommand.class, DeleteRunCommand.class,
        RetentionCommand.class, GcCommand.class, AuditCommand.class, VerifyCommand.class, ExportCommand.class,
        UiCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:it worked",
        "1:a check or verification failed (verify found a problem, stored data failed its digest)",
        "2:bad usage (unknown option, malformed reference or name, no --repo, a request the store refuses"
            + " such as deleting a version an alias holds)",
        "3:not found (no such artifact, version, alias, run or file, or it was deleted: gone)",
        "4:conflict (the store changed under you: the alias did not hold the --expect-ed version,"
            + " or retention --apply met a version an alias had moved to)",
        "5:storage (the store could not be read or written)"},
    footerHeading = "%nEnvironment:%n",
    footer = {
        "  PEDIGREE_REPO    the store when --repo is not given",
        "  PEDIGREE_ACTOR   who is recorded as making changes (default: the login name)",
        "Shell completion: source <(pedigree completion)"})
public final class PedigreeCli implements Runnable {
  /** The environment variable naming the store when {@code --repo} is absent. */
  public static final String REPO_VARIABLE = "PEDIGREE_REPO";
  /** The environment variable naming who makes changes when {@code --actor} is absent. */
  public static final String ACTOR_VARIABLE = "PEDIGREE_ACTOR";

  private final Map<String, String> environment;
  private final boolean terminal;

  @Spec
  CommandSpec spec;

  @Option(names = "--repo", paramLabel = "URI", scope = ScopeType.INHERIT,
      description = "The store: file:/path, a plain path, s3://bucket/prefix, gs://bucket/prefix (default: $PEDIGREE_REPO).")
  String repo;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the result as JSON (shapes documented in cli/README.md).")
  boolean json;

  @Option(names = "--actor", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Who is recorded as making changes (default: $PEDIGREE_ACTOR, else the login name).")
  String actor;

  @Option(names = "--no-progress", scope = ScopeType.INHERIT,
      description = "Never draw progress bars (they are drawn only on a terminal anyway).")
  boolean noProgress;

  private PedigreeCli(Map<String, String> environment, boolean terminal) {
    this.environment = Map.copyOf(environment);
    this.terminal = terminal;
  }

  /**
   * Builds the command line with its exit code mapping, ready for {@code execute(args)}.
   *
   * @param environment the variables to read {@code PEDIGREE_REPO} and {@code PEDIGREE_ACTOR}
   *     from
   * @param terminal whether standard error is a terminal, so progress bars are drawn
   * @return the command line; set its out and err writers to capture output
   */
  public static CommandLine commandLine(Map<String, String> environment, boolean terminal) {
    Objects.requireNonNull(environment, "environment");
    CommandLine line = new CommandLine(new PedigreeCli(environment, terminal));
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().usageMessage().hidden(false)
        .description("Print a bash/zsh completion script: source <(pedigree completion)");
    line.addSubcommand("completion", completion);
    line.setExecutionExceptionHandler((exception, command, parseResult) -> {
      command.getErr().println("pedigree: " + ExitCodes.describe(exception));
      command.getErr().flush();
      return ExitCodes.of(exception);
    });
    line.setParameterExceptionHandler((exception, args) -> {
      CommandLine command = exception.getCommandLine();
      PrintWriter err = command.getErr();
      err.println("pedigree: " + exception.getMessage());
      err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
      err.flush();
      return ExitCodes.USAGE;
    });
    return line;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int code;
    try {
      code = commandLine(System.getenv(), System.console() != null).execute(args);
    } catch (Error e) {
      // A broken installation (a missing class, a backend that cannot load): not a failed check.
      System.err.println("pedigree: " + ExitCodes.describe(e));
      code = ExitCodes.STORAGE;
    }
    System.exit(code);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: choose one of "
        + spec.subcommands().keySet());
  }

  /** Opens the store named by {@code --repo} or {@code PEDIGREE_REPO}, as the given command. */
  Repository open(CommandSpec command) {
    String location = repo != null ? repo : environment.get(REPO_VARIABLE);
    if (location == null || location.isBlank()) {
      throw new CommandLine.ParameterException(command.commandLine(), "Cannot open a store: no --repo was given and "
          + REPO_VARIABLE + " is not set; pass --repo file:/path/to/store (or s3://bucket/prefix, gs://bucket/prefix)");
    }
    String who = actor != null ? actor : environment.get(ACTOR_VARIABLE);
    Repository.Builder builder = Repository.builder(location);
    if (who != null && !who.isBlank()) {
      builder.actor(who);
    }
    return builder.build();
  }

  boolean json() {
    return json;
  }

  boolean progress() {
    return terminal && !noProgress;
  }

  /** The version printed by {@code --version}: the jar's implementation version when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PedigreeCli.class.getPackage().getImplementationVersion();
      return new String[] {"pedigree " + (version != null ? version : "(development build)")};
    }
  }
}
