package dev.pedigree.web;

import dev.pedigree.Repository;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves the demo store for a person to look at: {@code DemoServer PORT [hostile]}. Not a test. */
final class DemoServer {
  private DemoServer() {
  }

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("pedigree-web-demo");
    Repository repo = DemoStore.create("alice", args.length > 1 ? DemoStore.HOSTILE : "", scratch);
    PedigreeWebServer server = PedigreeWebServer.start(PedigreeWeb.builder(repo).authorizer(r -> java.util.Optional.of("demo")).build(),
        "127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("Demo at " + server.uri());
    server.awaitStop();
  }
}
