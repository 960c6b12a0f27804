package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code s3://} URIs open a store through {@link BlobStores}, with credentials from the SDK's
 * default chain (here its first link, the {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey} system properties).
 */
class S3BlobStoreProviderTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static String bucket;

  @BeforeAll
  static void credentials() {
    bucket = S3.createBucket();
    System.setProperty("aws.accessKeyId", S3.accessKey());
    System.setProperty("aws.secretAccessKey", S3.secretKey());
  }

  @AfterAll
  static void forget() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void theSchemeIsRegistered() {
    assertThat(BlobStores.schemes()).contains("s3");
  }

  @Test
  void opensAStoreOnAnS3CompatibleEndpoint() throws IOException {
    String uri = "s3://" + bucket + "/via/uri?endpoint=" + S3.endpoint() + "&pathStyle=true&region=us-east-1";
    try (BlobStore store = BlobStores.open(uri)) {
      assertThat(store).isInstanceOf(S3BlobStore.class);
      assertThat(store.location()).isEqualTo(URI.create(uri));
      assertThat(((S3BlobStore) store).prefix()).isEqualTo("via/uri");
      assertThat(store.createIfAbsent(BlobKey.of("refs/a"), BlobSource.ofBytes("one".getBytes(UTF_8))))
          .isEqualTo(CreateResult.CREATED);
      try (InputStream in = store.read(BlobKey.of("refs/a"))) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("one");
      }
    }
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("via/uri/refs/a")).contentLength()).isEqualTo(3);
  }

  @Test
  void messagesAndToStringShowOnlyBucketAndPrefix() {
    String uri = "s3://" + bucket + "/shown?endpoint=" + S3.endpoint() + "&pathStyle=true&region=us-east-1";
    try (BlobStore store = BlobStores.open(uri)) {
      assertThat(store).hasToString("S3BlobStore[s3://" + bucket + "/shown]");
      assertThatThrownBy(() -> store.read(BlobKey.of("missing")))
          .hasMessageContaining("s3://" + bucket + "/shown")
          .hasMessageNotContaining("?").hasMessageNotContaining("endpoint");
      assertThatThrownBy(() -> store.list("", null, 0))
          .hasMessageContaining("s3://" + bucket + "/shown").hasMessageNotContaining("?");
    }
  }

  @Test
  void withAnEndpointAndNoRegionConfiguredItSignsForUsEast1() {
    try (BlobStore store = BlobStores.open("s3://" + bucket + "/no-region?endpoint=" + S3.endpoint() + "&pathStyle")) {
      store.write(BlobKey.of("k"), BlobSource.ofBytes(new byte[] {1}));
      assertThat(store.exists(BlobKey.of("k"))).isTrue();
    }
  }

  @Test
  void passesTransferOptionsToTheStore() {
    String uri = "s3://" + bucket + "/tuned?endpoint=" + S3.endpoint()
        + "&pathStyle=true&region=us-east-1&partSize=5MiB&multipartThreshold=5MiB&parallelism=2&checksums=when_required";
    try (BlobStore store = BlobStores.open(uri)) {
      store.write(BlobKey.of("big"), TestContent.generated(3, 11 << 20));
      assertThat(TestContent.sha256(store.read(BlobKey.of("big"))))
          .isEqualTo(TestContent.sha256(TestContent.generated(3, 11 << 20)));
    }
    // 11 MiB in parts of 5 MiB: three parts.
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("tuned/big")).eTag()).endsWith("-3\"");
  }

  @Test
  void credentialsInTheUriAreRefusedWithoutRepeatingThem() {
    for (String uri : new String[] {"s3://AKIAEXAMPLE:topsecret42@" + bucket + "/p",
        "s3://AKIAEXAMPLE:topsecret42@my_bucket/p"}) {
      assertThatThrownBy(() -> BlobStores.open(uri))
          .isInstanceOf(BackendConfigurationException.class)
          .hasMessageContaining("never put credentials in a URI")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret42").doesNotContain("AKIAEXAMPLE"));
    }
  }

  @Test
  void badUrisAndOptionsAreConfigurationErrors() {
    assertRejected("s3:bucket/p", "write it as s3://bucket/prefix");
    assertRejected("s3://127.0.0.1:9000/bucket", "names a host and port, not a bucket");
    assertRejected("s3://bkt/p?secretKey=abc", "unknown option 'secretKey'; the options are checksums, "
        + "chunkedEncoding, endpoint, multipartThreshold, parallelism, partSize, pathStyle, profile, region, "
        + "singleWriter (credentials never go in the URI)");
    // Hostile values are refused when opening, never later as an untyped error.
    assertRejected("s3://bkt/p?endpoint=http://h:99999", "the endpoint's port is not a port number from 1 to 65535");
    assertRejected("s3://bkt/p?endpoint=http://h:", "the endpoint's port is not a port number from 1 to 65535");
    assertRejected("s3://bkt/p?endpoint=http://h:0", "the endpoint's port is 0");
    assertRejected("s3://bkt/p?endpoint=" + java.net.URLEncoder.encode("http://h:9000/?x=1", UTF_8),
        "the endpoint has a query or fragment");
    assertRejected("s3://bkt/p?parallelism=0", "parallelism must be between 1 and 256, was 0");
    assertRejected("s3://bkt/p?parallelism=99999999999", "parallelism must be a whole number");
    assertRejected("s3://bkt/p?region=us-east-1&partSize=1", "partSize must be between 5242880 (5 MiB)");
    assertRejected("s3://bkt/p?chunkedEncoding=maybe", "chunkedEncoding must be true or false, was 'maybe'");
    assertRejected("s3://bkt/p?singleWriter=yes", "singleWriter must be true or false, was 'yes'");
    assertRejected("s3://bkt/p?region=us-east-1&region=eu-west-1", "option 'region' is given twice");
    assertRejected("s3://bkt/p?endpoint=ftp://host", "endpoint must be an http:// or https:// address");
    assertRejected("s3://bkt/p?pathStyle=maybe", "pathStyle must be true or false, was 'maybe'");
    assertRejected("s3://bkt/p?partSize=lots", "partSize must be a size such as 8388608, 8MiB or 1GiB, was 'lots'");
    assertRejected("s3://bkt/p?partSize=1MiB&region=us-east-1", "partSize must be between 5242880 (5 MiB)");
    assertRejected("s3://bkt/p?parallelism=many", "parallelism must be a whole number, was 'many'");
    assertRejected("s3://bkt/p?checksums=never", "checksums must be 'when_supported' or 'when_required'");
    assertRejected("s3://bkt/a/../c", "the prefix is not valid");
    assertRejected("s3://bkt/p?region=Not A Region", "is not a valid URI");
  }

  private static void assertRejected(String uri, String message) {
    assertThatThrownBy(() -> BlobStores.open(uri))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining(message);
  }
}
