package dev.pedigree.storage.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * s3rver, the npm fake S3 server, as a child process on 127.0.0.1 and a port it picks itself
 * (port 0), with a bucket {@value #BUCKET} and data in a temporary folder. The process stops by
 * itself when its standard input closes: on {@link #close()}, or when this JVM dies.
 *
 * <p>.ci/install-test-tools installs it into {@code test-tools/} (storage-s3's build runs that
 * script before the tests); the surefire property {@code pedigree.testTools} says where.
 */
@SuppressWarnings("try") // close() waits for the s3rver process, so it may be interrupted; every caller declares it
final class S3rverServer implements AutoCloseable {
  /** The bucket the server is started with. */
  static final String BUCKET = "pedigree";
  /** The credentials s3rver accepts by default. */
  static final String KEY = "S3RVER";

  private final Process process;
  private final Path data;
  private final URI endpoint;

  private S3rverServer(Process process, Path data, int port) {
    this.process = process;
    this.data = data;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Starts the server.
   *
   * @return the running server
   * @throws AssertionError if s3rver is not installed, saying how to install it
   */
  static S3rverServer start() throws IOException {
    Path tools = Path.of(System.getProperty("pedigree.testTools", "../test-tools")).toAbsolutePath().normalize();
    Path launcher = Path.of("src/test/node/run-s3rver.js").toAbsolutePath();
    if (!Files.isRegularFile(tools.resolve("node_modules/s3rver/package.json"))) {
      throw new AssertionError("s3rver is not installed in " + tools + ": run .ci/run, or .ci/install-test-tools "
          + "(npm install --prefix test-tools --no-save s3rver@3.7.1) from the project's root, then run the tests again");
    }
    Path data = Files.createTempDirectory("s3rver-");
    Process process = new ProcessBuilder("node", launcher.toString(), tools.toString(), data.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening ")) {
      process.destroyForcibly();
      throw new AssertionError("s3rver did not start (its first line was " + line + "); see its error output above");
    }
    return new S3rverServer(process, data, Integer.parseInt(line.substring("listening ".length()).trim()));
  }

  URI endpoint() {
    return endpoint;
  }

  /** Returns the s3:// URI of a prefix in the bucket, with the options s3rver needs and any others. */
  String uri(String prefix, String moreOptions) {
    return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + endpoint + "&pathStyle=true&region=us-east-1"
        + "&chunkedEncoding=false&checksums=when_required" + moreOptions;
  }

  /** A client that sends plain bodies, which s3rver understands; the caller closes it. */
  S3Client newClient(boolean chunkedEncoding) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(S3ProxyServer.REGION)
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunkedEncoding).build())
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(data)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
