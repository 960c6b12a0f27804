package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.web.PedigreeWebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pedigree ui --port P}: serves the store's read-only web UI and JSON API (module
 * pedigree-web) until the process is stopped.
 */
@Command(name = "ui", description = {"Serve the read-only web UI and JSON API over the store until stopped (Ctrl-C).",
    "It binds 127.0.0.1 unless --host says otherwise; the JSON API's OpenAPI file is served with it."})
final class UiCommand extends StoreCommand {
  @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address to bind (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Override
  int run(Repository repo) {
    try (PedigreeWebServer server = PedigreeWebServer.start(repo, host, port)) {
      out().println("Pedigree UI at " + server.uri() + " (Ctrl-C to stop)");
      out().flush();
      server.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
