package dev.pedigree.storage.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy on loopback in front of an HTTP server that can lose one request or one response
 * on purpose, as a network does: the client sees its connection drop and cannot know whether the
 * server acted on the request. Every response is marked {@code Connection: close}, so each
 * connection carries one request and a fault hits exactly the request it was armed for.
 */
final class FaultyProxy implements AutoCloseable {
  /** What to lose. */
  enum Fault {
    /** The request never reaches the server; the client's connection is closed. */
    LOSE_REQUEST,
    /** The server handles the request; its response is dropped and the connection closed. */
    LOSE_RESPONSE
  }

  private final ServerSocket server;
  private final URI upstream;
  private final Thread acceptor;
  private final AtomicInteger injected = new AtomicInteger();
  private volatile Predicate<String> armedFor;
  private volatile Fault fault;
  private volatile Runnable beforeLoss;

  FaultyProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "faulty-proxy");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Arms one fault for the next request whose request line (such as
   * {@code PUT /bucket/key HTTP/1.1}) matches.
   *
   * @param requestLine which request
   * @param what what to lose
   * @param before runs just before the loss (to let another writer act meanwhile)
   */
  void loseNext(Predicate<String> requestLine, Fault what, Runnable before) {
    this.injected.set(0);
    this.beforeLoss = before;
    this.fault = what;
    this.armedFor = requestLine;
  }

  /** @return how many faults were injected since the last {@link #loseNext} */
  int injected() {
    return injected.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread handler = new Thread(() -> handle(client), "faulty-proxy-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client; Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
      InputStream fromClient = client.getInputStream();
      byte[] head = readHead(fromClient);
      if (head == null) {
        return;
      }
      String requestLine = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
      Fault lose = null;
      synchronized (this) {
        Predicate<String> armed = armedFor;
        if (armed != null && armed.test(requestLine)) {
          armedFor = null;
          lose = fault;
          injected.incrementAndGet();
        }
      }
      if (lose == Fault.LOSE_REQUEST) {
        beforeLoss.run();
        return;
      }
      up.getOutputStream().write(head);
      Thread requestPump = new Thread(() -> pump(fromClient, up), "faulty-proxy-request");
      requestPump.setDaemon(true);
      requestPump.start();
      InputStream fromServer = up.getInputStream();
      OutputStream toClient = client.getOutputStream();
      byte[] response;
      while (true) {
        response = readHead(fromServer);
        if (response == null) {
          return;
        }
        if (!new String(response, 0, Math.min(12, response.length), StandardCharsets.ISO_8859_1)
            .startsWith("HTTP/1.1 1")) {
          break;
        }
        toClient.write(response);
      }
      if (lose == Fault.LOSE_RESPONSE) {
        beforeLoss.run();
        return;
      }
      toClient.write(withConnectionClose(response));
      fromServer.transferTo(toClient);
    } catch (IOException e) {
      // A connection closed by either side ends the exchange; the client sees what it sees.
    }
  }

  private static void pump(InputStream from, Socket to) {
    try (to) {
      from.transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Either side closed: the exchange is over, and closing the server side ends the relay.
    }
  }

  /** Reads up to and including the blank line that ends an HTTP head, or null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static byte[] withConnectionClose(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder();
    for (String line : text.substring(0, text.length() - 4).split("\r\n")) {
      if (!line.regionMatches(true, 0, "Connection:", 0, 11)) {
        out.append(line).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
