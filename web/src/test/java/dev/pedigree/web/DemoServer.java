package dev.pedigree.web;

import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves the demo store at {@code http://127.0.0.1:PORT/pedigree/} for a person (or the README's
 * Python example) to look at: {@code DemoServer PORT [hostile]}. Not a test.
 */
final class DemoServer {
  private DemoServer() {
  }

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("pedigree-web-demo");
    Repository repo = DemoStore.create("alice", args.length > 1 ? DemoStore.HOSTILE : "", scratch);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
    PedigreeWeb.builder(repo).authorizer(request -> Optional.of("demo")).build().mount(server, "/pedigree");
    server.start();
    System.out.println("Demo at http://127.0.0.1:" + server.getAddress().getPort() + "/pedigree/");
  }
}
