package dev.pedigree.web;

import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web UI served on its own, on a JDK {@link HttpServer} mounted at {@code /}. The command
 * line's {@code pedigree ui --repo URI --port P} starts one; so does
 * {@code java -jar pedigree-web.jar --repo URI [--port 8080] [--host 127.0.0.1]}.
 *
 * <pre>{@code
 * try (PedigreeWebServer server = PedigreeWebServer.start(PedigreeWeb.readOnly(repo), "127.0.0.1", 8080)) {
 *   System.out.println("Pedigree UI at " + server.uri());
 *   server.awaitStop();
 * }
 * }</pre>
 */
public final class PedigreeWebServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private PedigreeWebServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves a read-only UI over a repository.
   *
   * @param repository the repository; the caller keeps it open and closes it after the server
   * @param host the address to bind, such as {@code "127.0.0.1"} (only this machine) or {@code "0.0.0.0"}
   * @param port the port, or 0 for any free port
   * @return the running server
   * @throws StorageException when the port cannot be bound
   */
  public static PedigreeWebServer start(Repository repository, String host, int port) {
    return start(PedigreeWeb.readOnly(repository), host, port);
  }

  /**
   * Serves a configured UI (for instance one with an authorizer).
   *
   * @param web the UI
   * @param host the address to bind
   * @param port the port, or 0 for any free port
   * @return the running server
   * @throws StorageException when the port cannot be bound
   */
  public static PedigreeWebServer start(PedigreeWeb web, String host, int port) {
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new InvalidRequestException("Cannot serve the Pedigree UI on port " + port + ": a port is 0 to 65535;"
          + " use 0 for any free port");
    }
    // The JDK's server writes headers and body separately; with Nagle on, every page and JSON answer
    // would wait for the browser's delayed ACK (~40 ms). The JDK reads the switch once, before its
    // first server in the JVM, and an application's own choice is kept.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new StorageException("Cannot serve the Pedigree UI on " + host + ":" + port + ": " + e.getMessage()
          + "; choose another port or stop what holds it", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "pedigree-web");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    web.mount(server, "/");
    server.start();
    return new PedigreeWebServer(server, executor);
  }

  /**
   * Returns the port served.
   *
   * @return the bound port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Returns the UI's address, such as {@code http://127.0.0.1:8080/}.
   *
   * @return the URI of the artifacts page
   */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /**
   * Blocks until {@link #close()} is called from another thread or the JVM shuts down.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops serving (answers in flight get a second to finish); the repository stays open. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    stopped.countDown();
  }

  /**
   * Serves a repository until the process is stopped:
   * {@code --repo URI} (or env {@code PEDIGREE_REPO}), {@code --port P} (default 8080),
   * {@code --host H} (default 127.0.0.1).
   *
   * @param args the options
   * @throws InterruptedException when interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    String repo = System.getenv("PEDIGREE_REPO");
    String host = "127.0.0.1";
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--repo" -> repo = value;
        case "--host" -> host = value;
        case "--port" -> port = value != null && value.matches("[0-9]{1,5}") ? Integer.parseInt(value) : -1;
        default -> {
          System.err.println("Unknown option " + args[i] + "; usage: --repo URI [--port 8080] [--host 127.0.0.1]");
          System.exit(2);
        }
      }
      i++;
    }
    if (repo == null || host == null || port < 0) {
      System.err.println("Usage: --repo URI [--port 8080] [--host 127.0.0.1] (or set PEDIGREE_REPO)");
      System.exit(2);
    }
    Repository repository = Repository.open(repo);
    PedigreeWebServer server = start(repository, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      repository.close();
    }, "pedigree-web-stop"));
    System.out.println("Pedigree UI for " + repo.replaceFirst("[?#].*$", "") + " at " + server.uri());
    server.awaitStop();
  }
}
