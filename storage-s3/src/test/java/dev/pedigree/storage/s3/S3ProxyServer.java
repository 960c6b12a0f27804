package dev.pedigree.storage.s3;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 HTTP server for tests: S3Proxy with its in-memory ("transient") store, on an
 * ephemeral loopback port, checking AWS Signature V4 against a test identity. Two thin layers
 * make that store behave as S3 does where it differs: it holds a key and keys under it
 * ({@link FlatNamesBlobStore}), and lists only complete objects ({@link ConsistentListingBlobStore}). One server is
 * started per JVM by {@link #shared()} and stopped when the JVM exits; test classes make their
 * own buckets or prefixes in it.
 *
 * <pre>{@code
 * S3ProxyServer s3 = S3ProxyServer.shared();
 * String bucket = s3.createBucket();
 * try (BlobStore store = new S3BlobStore(s3.client(), bucket, "some/prefix")) { ... }
 * BlobStores.open(s3.uri(bucket, "some/prefix"));
 * }</pre>
 */
public final class S3ProxyServer {
  /** The region the clients sign for. */
  public static final Region REGION = Region.US_EAST_1;

  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final String accessKey = "pedigree-test";
  private final String secretKey = "secret-" + UUID.randomUUID();
  private final S3Client client;
  private final AtomicInteger buckets = new AtomicInteger();

  private S3ProxyServer() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    org.gaul.s3proxy.blobstore.BlobStore memory = org.gaul.s3proxy.BlobStores.create("transient", properties);
    proxy = S3Proxy.builder()
        .blobStore(new ConsistentListingBlobStore(new FlatNamesBlobStore(memory)))
        .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client = newClient(accessKey, secretKey);
  }

  /**
   * Returns the server of this JVM, starting it on first use.
   *
   * @return the running server
   */
  public static synchronized S3ProxyServer shared() {
    if (shared == null) {
      try {
        shared = new S3ProxyServer();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start S3Proxy on loopback: " + e, e);
      }
      S3ProxyServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3proxy-stop"));
    }
    return shared;
  }

  /** @return the base address, such as {@code http://127.0.0.1:40123} */
  public URI endpoint() {
    return endpoint;
  }

  /** @return the access key id the server accepts */
  public String accessKey() {
    return accessKey;
  }

  /** @return the secret key the server accepts (random per JVM) */
  public String secretKey() {
    return secretKey;
  }

  /** @return a client shared by the tests of this JVM, with the right credentials; do not close it */
  public S3Client client() {
    return client;
  }

  /**
   * Creates a client for this server with the given credentials; the caller closes it.
   *
   * @param accessKey the access key id
   * @param secretKey the secret key
   * @return the client
   */
  public S3Client newClient(String accessKey, String secretKey) {
    return newClient(endpoint, accessKey, secretKey);
  }

  /**
   * Creates a client for an S3 endpoint (this server, or a proxy in front of it) with this
   * server's credentials; the caller closes it.
   *
   * @param endpoint the base address
   * @return the client
   */
  public S3Client newClient(URI endpoint) {
    return newClient(endpoint, accessKey, secretKey);
  }

  private static S3Client newClient(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(64))
        .build();
  }

  /**
   * Creates a new, empty bucket with a unique name.
   *
   * @return its name
   */
  public String createBucket() {
    String name = "pedigree-" + buckets.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(b -> b.bucket(name));
    return name;
  }

  /**
   * Returns an {@code s3://} URI that opens a store on this server through the provider.
   *
   * @param bucket the bucket
   * @param prefix the prefix
   * @return the URI, with endpoint, path-style and region options
   */
  public String uri(String bucket, String prefix) {
    return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint + "&pathStyle=true&region=" + REGION.id();
  }

  private void stop() {
    try {
      client.close();
      proxy.stop();
    } catch (Exception e) {
      // The JVM is exiting; a failed stop has no one left to tell but the console.
      System.err.println("S3Proxy did not stop cleanly: " + e);
    }
  }
}
