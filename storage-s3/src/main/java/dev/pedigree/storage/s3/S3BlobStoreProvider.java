package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStoreProvider;
import java.net.URI;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The {@code s3} scheme: opens {@code s3://bucket/prefix?option=value&...} as an
 * {@link S3BlobStore} with an S3 client of its own, closed with the store. Found by
 * {@link dev.pedigree.storage.BlobStores#open} through {@link java.util.ServiceLoader}.
 *
 * <p>Credentials come from the AWS SDK's default chain (system properties, the
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} environment variables, the shared
 * profile files, container and instance roles) and never from the URI. The options:
 * <ul>
 *   <li>{@code region}: the bucket's region, such as {@code eu-west-1}. Default: the SDK's
 *       region chain ({@code AWS_REGION}, the profile); {@code us-east-1} when an endpoint is
 *       given and no region is configured.
 *   <li>{@code endpoint}: the server's base address, for S3-compatible stores (MinIO, Ceph,
 *       R2...), such as {@code http://127.0.0.1:9000}.
 *   <li>{@code pathStyle}: {@code true} to put the bucket in the path rather than the host
 *       name, as most S3-compatible servers need. Default {@code false}.
 *   <li>{@code profile}: the named profile of {@code ~/.aws/config} and
 *       {@code ~/.aws/credentials} to take credentials and region from.
 *   <li>{@code checksums}: {@code when_supported} (the SDK's default: a CRC32 with every upload)
 *       or {@code when_required}, for servers that reject the SDK's checksum trailers.
 *   <li>{@code chunkedEncoding}: {@code false} to send uploads as plain bodies instead of the
 *       SDK's {@code aws-chunked} encoding (signed chunks, checksum trailers), for servers that
 *       store the framing as content (s3rver, some older MinIO and Ceph RGW releases). Use it
 *       together with {@code checksums=when_required}, since checksum trailers need the
 *       encoding. Default {@code true}.
 *   <li>{@code singleWriter}: {@code true} to skip the write probe (see {@link S3BlobStore}),
 *       only for a store that exactly one process ever writes to: on a server that ignores
 *       {@code If-None-Match: *}, two writers would then lose updates without an error.
 *   <li>{@code partSize}, {@code multipartThreshold} (sizes such as {@code 8MiB}) and
 *       {@code parallelism}: as the {@link S3BlobStore.Builder} settings of the same names.
 * </ul>
 *
 * <pre>{@code
 * BlobStores.open("s3://ml-artifacts/teams/vision?region=eu-west-1");
 * BlobStores.open("s3://artifacts/repo?endpoint=http://127.0.0.1:9000&pathStyle=true");
 * }</pre>
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  private static final Region FALLBACK_REGION = Region.US_EAST_1;
  private static final long EXPECT_CONTINUE_THRESHOLD = 1L << 20;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public S3BlobStoreProvider() {
  }

  @Override
  public String scheme() {
    return "s3";
  }

  /**
   * Opens the store. The bucket is not contacted yet: a missing bucket or wrong credentials
   * show as a {@link dev.pedigree.exceptions.StorageException} of the first operation.
   *
   * @param location an {@code s3://bucket/prefix} URI with options
   * @return the store, which owns its client
   * @throws BackendConfigurationException if the URI or an option is not valid, or no region
   *     is configured
   */
  @Override
  public BlobStore open(URI location) {
    S3Location parsed = S3Location.parse(location);
    String shown = "s3://" + parsed.bucket() + "/" + parsed.prefix();
    S3Client client = client(parsed, shown);
    try {
      S3BlobStore.Builder builder = S3BlobStore.builder(client, parsed.bucket()).prefix(parsed.prefix())
          .ownsClient().location(location);
      if (parsed.partSize() != null) {
        builder.partSize(parsed.partSize());
      }
      if (parsed.multipartThreshold() != null) {
        builder.multipartThreshold(parsed.multipartThreshold());
      }
      if (parsed.parallelism() != null) {
        builder.parallelism(parsed.parallelism());
      }
      if (parsed.singleWriter()) {
        builder.singleWriter();
      }
      return builder.build();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static S3Client client(S3Location location, String shown) {
    int parallelism = location.parallelism() == null ? S3BlobStore.DEFAULT_PARALLELISM
        : Math.max(1, Math.min(location.parallelism(), S3BlobStore.MAX_PARALLELISM));
    S3ClientBuilder builder = S3Client.builder()
        .region(region(location, shown))
        .forcePathStyle(location.pathStyle())
        // "Expect: 100-continue" costs a round trip per PUT; worth it only for bodies large
        // enough that sending them to a server about to refuse would waste time.
        .serviceConfiguration(S3Configuration.builder().expectContinueThresholdInBytes(EXPECT_CONTINUE_THRESHOLD)
            .chunkedEncodingEnabled(location.chunkedEncoding()).build())
        // The SDK closes a client it builds from a builder when the S3Client is closed.
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(50, 4 * parallelism)));
    if (location.endpoint() != null) {
      builder.endpointOverride(location.endpoint());
    }
    if (location.profile() != null) {
      builder.overrideConfiguration(o -> o.defaultProfileName(location.profile()));
    }
    if (location.checksumsWhenRequired()) {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the S3 client cannot be configured ("
          + e.getMessage() + "); check the options and the AWS configuration files", e);
    }
  }

  private static Region region(S3Location location, String shown) {
    if (location.region() != null) {
      return Region.of(location.region());
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      if (location.profile() != null) {
        chain.profileName(location.profile());
      }
      return chain.build().getRegion();
    } catch (SdkException e) {
      if (location.endpoint() != null) {
        // S3-compatible servers mostly ignore the region, but SigV4 needs one.
        return FALLBACK_REGION;
      }
      throw new BackendConfigurationException("Cannot open " + shown + ": no AWS region is configured; "
          + "add ?region=<the bucket's region> to the URI, set AWS_REGION, or set a region in the profile", e);
    }
  }
}
