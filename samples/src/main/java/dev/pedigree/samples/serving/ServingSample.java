package dev.pedigree.samples.serving;

import dev.pedigree.Repository;
import dev.pedigree.samples.ml.WeekConditions;
import dev.pedigree.storage.BlobStores;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The serving sample, end to end: deploy a first model, start the prediction service on
 * loopback, ask it for a prediction, deploy a second model, and ask again — the answer now
 * comes from the new version, with no restart.
 *
 * <pre>
 * ServingSample [--repo LOCATION] [--port N] [--serve]
 * </pre>
 *
 * <p>With {@code --serve} the service keeps running (stop it with Ctrl-C); try
 * {@code curl -s -XPOST localhost:PORT/predict -d '{"tenure_months":2,"monthly_charges":99.5,
 * "contract":"month-to-month","support_calls":4}'}.
 */
public final class ServingSample {
  private static final String REQUEST = "{\"customer_id\":\"c-42\",\"tenure_months\":2,\"monthly_charges\":99.5,"
      + "\"contract\":\"month-to-month\",\"support_calls\":4}";

  private ServingSample() {
  }

  /**
   * Runs the sample.
   *
   * @param args {@code [--repo LOCATION] [--port N] [--serve]}
   * @throws Exception if the demonstration requests fail
   */
  public static void main(String[] args) throws Exception {
    String location = null;
    int port = 0;
    boolean serve = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repo" -> location = args[++i];
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--serve" -> serve = true;
        default -> throw new IllegalArgumentException("Cannot run the serving sample: unknown argument '" + args[i] + "'");
      }
    }
    if (location == null) {
      location = BlobStores.schemes().contains("file") ? Path.of("pedigree-out", "serving-repo").toString() : "mem:";
    }
    run(location, port, serve, System.out);
  }

  static void run(String location, int port, boolean serve, PrintStream out) throws IOException, InterruptedException {
    try (Repository repo = Repository.builder(location).actor("serving-sample").build()) {
      ServingPipeline pipeline = new ServingPipeline(repo, 11, 2000);
      int first = repo.artifacts().latest(ServingPipeline.MODEL).map(v -> v.number() + 1).orElse(1);
      Deployment d1 = pipeline.run(first, WeekConditions.healthy());
      out.printf(Locale.ROOT, "%s (AUC %.4f): %s%n", d1.version(), d1.auc(), d1.reason());
      try (PredictionService service = PredictionService.start(repo, ServingPipeline.MODEL, ServingPipeline.PRODUCTION,
          new InetSocketAddress("127.0.0.1", port))) {
        out.println("prediction service at " + service.uri() + " following " + ServingPipeline.MODEL + "@"
            + ServingPipeline.PRODUCTION);
        service.awaitServing(d1.version().toString(), Duration.ofSeconds(30));
        HttpClient client = HttpClient.newHttpClient();
        out.println("POST /predict " + REQUEST);
        out.println("  → " + post(client, service.uri()));
        Deployment d2 = pipeline.run(first + 1, WeekConditions.healthy());
        out.printf(Locale.ROOT, "%s (AUC %.4f): %s%n", d2.version(), d2.auc(), d2.reason());
        service.awaitServing(d2.version().toString(), Duration.ofSeconds(30));
        out.println("  → " + post(client, service.uri()) + "   (same service, new version)");
        if (serve) {
          out.println("serving until stopped (Ctrl-C)");
          Thread.currentThread().join();
        }
      }
    }
  }

  private static String post(HttpClient client, URI base) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/predict"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
