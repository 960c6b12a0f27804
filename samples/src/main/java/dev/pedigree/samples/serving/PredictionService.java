package dev.pedigree.samples.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.samples.ml.ChurnModel;
import dev.pedigree.serving.AliasFollower;
import dev.pedigree.serving.FollowerListener;
import dev.pedigree.serving.LoadedVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP prediction service on the JDK's {@code HttpServer} that serves whatever version holds
 * an alias (such as {@code serving-model@production}): an {@link AliasFollower} polls the alias
 * in the background (one listing of one key per poll), checks a new holder out, verifies and
 * loads it, and swaps it in atomically, so a promotion or a rollback takes effect within one
 * poll interval, without a restart, and a corrupt version is refused while the old one serves.
 *
 * <ul>
 *   <li>{@code POST /predict} with {@code {"tenure_months":3,"monthly_charges":95.5,
 *       "contract":"month-to-month","support_calls":4}} answers
 *       {@code {"customer_id":"request","churn_probability":0.71,"churn":true,"model":"serving-model:2"}}
 *       and the header {@code X-Model-Version};</li>
 *   <li>{@code GET /model} answers the version currently served.</li>
 * </ul>
 *
 * <pre>{@code
 * try (PredictionService service = PredictionService.start(repo, "serving-model", "production",
 *     new InetSocketAddress("127.0.0.1", 8080))) { ... }
 * }</pre>
 */
public final class PredictionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often the service polls its alias unless told otherwise. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

  private final String artifact;
  private final String alias;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AliasFollower<Predictor> follower;
  private final Object switched = new Object();

  private PredictionService(Repository repo, String artifact, String alias, HttpServer server, ExecutorService executor,
      Duration poll) {
    this.artifact = artifact;
    this.alias = alias;
    this.server = server;
    this.executor = executor;
    this.follower = AliasFollower.builder(repo, artifact + "@" + alias, PredictionService::load)
        .pollInterval(poll)
        .listener(new FollowerListener<>() {
          @Override
          public void switched(Optional<LoadedVersion<Predictor>> previous, LoadedVersion<Predictor> current) {
            LOG.info("Now serving {}", current.version().id());
            synchronized (switched) {
              switched.notifyAll();
            }
          }

          @Override
          public void refused(ArtifactVersion version, String reason) {
            LOG.warn("Not serving {}: {}", version.id(), reason);
          }
        })
        .start();
  }

  private static Predictor load(ArtifactVersion version, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Predictor(ChurnModel.read(in), version.id().toString());
    }
  }

  /**
   * Starts the service.
   *
   * @param repo the repository holding the model
   * @param artifact the model artifact's name
   * @param alias the alias to follow, such as {@code production}
   * @param address where to listen (port 0 picks a free port)
   * @return the running service
   */
  public static PredictionService start(Repository repo, String artifact, String alias, InetSocketAddress address) {
    return start(repo, artifact, alias, address, DEFAULT_POLL);
  }

  /**
   * Starts the service, polling the alias at an interval.
   *
   * @param repo the repository holding the model
   * @param artifact the model artifact's name
   * @param alias the alias to follow, such as {@code production}
   * @param address where to listen (port 0 picks a free port)
   * @param poll how often to poll the alias
   * @return the running service
   */
  public static PredictionService start(Repository repo, String artifact, String alias, InetSocketAddress address,
      Duration poll) {
    Objects.requireNonNull(repo, "repo");
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the prediction service on " + address + ": " + e.getMessage()
          + "; choose another port", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "prediction-service");
      t.setDaemon(true);
      return t;
    });
    PredictionService service = new PredictionService(repo, artifact, alias, server, executor, poll);
    server.createContext("/predict", service::predict);
    server.createContext("/model", service::model);
    server.setExecutor(executor);
    server.start();
    LOG.info("Serving {}@{} at {}", artifact, alias, service.uri());
    return service;
  }

  /**
   * Returns the service's base URI.
   *
   * @return such as {@code http://127.0.0.1:43123/}
   */
  public URI uri() {
    InetSocketAddress bound = server.getAddress();
    return URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "/");
  }

  /**
   * Returns the predictor of the version being served: one volatile read.
   *
   * @return the predictor, or empty before a first version was loaded
   */
  public Optional<Predictor> predictor() {
    return follower.current().map(LoadedVersion::model);
  }

  /**
   * Waits until the service serves a version, or the time is up.
   *
   * @param versionId such as {@code serving-model:2}
   * @param timeout how long to wait at most
   * @return whether it serves that version now
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitServing(String versionId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (switched) {
      while (!predictor().map(p -> p.version().equals(versionId)).orElse(false)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        switched.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  private void predict(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, error("use POST with a JSON body"), null);
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        respond(exchange, 400, error("the body is not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), null);
        return;
      }
      Optional<Predictor> predictor = predictor();
      if (predictor.isEmpty()) {
        respond(exchange, 503, error("no version holds " + artifact + "@" + alias + " yet"), null);
        return;
      }
      PredictionResult result;
      try {
        result = predictor.get().predict(request);
      } catch (IllegalArgumentException e) {
        respond(exchange, 400, error(e.getMessage()), predictor.get().version());
        return;
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("customer_id", result.customerId());
      body.put("churn_probability", result.churnProbability());
      body.put("churn", result.churn());
      body.put("model", result.modelVersion());
      respond(exchange, 200, body, result.modelVersion());
    } catch (RuntimeException e) {
      LOG.warn("Prediction failed", e);
      throw e;
    }
  }

  private void model(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<Predictor> predictor = predictor();
      ObjectNode body = JSON.createObjectNode();
      body.put("alias", artifact + "@" + alias);
      body.put("model", predictor.map(Predictor::version).orElse(null));
      respond(exchange, predictor.isPresent() ? 200 : 503, body, predictor.map(Predictor::version).orElse(null));
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body, String version) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (version != null) {
      exchange.getResponseHeaders().set("X-Model-Version", version);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the service, finishing requests in flight, and stops following the alias. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    follower.close();
  }
}
