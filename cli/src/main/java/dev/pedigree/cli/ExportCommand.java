package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.lineage.LineageExports;
import dev.pedigree.lineage.Run;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree export openlineage RUN}: a run as OpenLineage events. */
@Command(name = "export", description = "Export records in standard formats.",
    subcommands = ExportCommand.OpenLineage.class)
final class ExportCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a format: choose one of "
        + spec.subcommands().keySet());
  }

  /** The OpenLineage export. */
  @Command(name = "openlineage", description = {"Print a run's OpenLineage events (START, then COMPLETE or FAIL),",
      "one JSON document a line, ready to POST to Marquez or any OpenLineage consumer; --json prints them as one array."})
  static final class OpenLineage extends StoreCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "pedigree://default",
        description = "The namespace of the job and datasets (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    int run(Repository repo) {
      Run run = repo.runs().run(runId);
      List<String> events = LineageExports.openLineage(run, namespace);
      if (json()) {
        out().println("[" + String.join(",", events) + "]");
      } else {
        events.forEach(out()::println);
      }
      out().flush();
      return ExitCodes.OK;
    }
  }
}
