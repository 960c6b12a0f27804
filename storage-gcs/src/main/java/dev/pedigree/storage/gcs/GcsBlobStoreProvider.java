package dev.pedigree.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStoreProvider;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code gs} scheme: opens {@code gs://bucket/prefix} as a {@link GcsBlobStore} with a
 * client of its own, authenticated with the application-default credentials and closed with
 * the store.
 *
 * <p>Options in the URI's query, each at most once:
 * <ul>
 *   <li>{@code endpoint=http://127.0.0.1:4443}: the service's root URL, for an emulator or a
 *       private endpoint (default: Google's);
 *   <li>{@code project=my-project}: the project id given to the client (default: the one the
 *       credentials or environment name; object operations do not need one);
 *   <li>{@code credentials=none}: send no credentials, for an emulator (default:
 *       {@code credentials=default}, the application-default credentials);
 *   <li>{@code singleWriter=true}: skip the write probe (see {@link GcsBlobStore}), only for a
 *       store that exactly one process ever writes to: on an emulator that ignores
 *       {@code ifGenerationMatch=0}, two writers would then lose updates without an error.
 * </ul>
 *
 * <p>The client retries a failed request at most {@value #MAX_ATTEMPTS} times in all, with
 * backoff from 200 ms to 2 s, and gives up connecting after 5 s, so an endpoint that refuses
 * connections fails within seconds rather than after the client's default 50.
 *
 * <pre>{@code
 * BlobStore store = BlobStores.open("gs://my-bucket/team/repo");
 * BlobStore local = BlobStores.open("gs://test-bucket/repo?endpoint=http://127.0.0.1:4443&project=test&credentials=none");
 * }</pre>
 */
public final class GcsBlobStoreProvider implements BlobStoreProvider {
  /** Attempts per request, the first included. */
  static final int MAX_ATTEMPTS = 4;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public GcsBlobStoreProvider() {
  }

  @Override
  public String scheme() {
    return "gs";
  }

  @Override
  public BlobStore open(URI location) {
    GcsLocation parsed = GcsLocation.parse(location);
    Storage storage = client(parsed);
    return new GcsBlobStore(storage, parsed.bucket(), parsed.prefix(), parsed.toUri(), true,
        GcsBlobStore.DEFAULT_SINGLE_REQUEST_LIMIT, GcsBlobStore.DEFAULT_CHUNK_SIZE, parsed.singleWriter());
  }

  static Storage client(GcsLocation location) {
    StorageOptions.Builder options = StorageOptions.newBuilder()
        .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder()
            .setMaxAttempts(MAX_ATTEMPTS)
            .setInitialRetryDelayDuration(Duration.ofMillis(200))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(2))
            .build())
        .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).build());
    if (location.endpoint() != null) {
      options.setHost(location.endpoint());
    }
    if (location.project() != null) {
      options.setProjectId(location.project());
    }
    if (location.anonymous()) {
      options.setCredentials(NoCredentials.getInstance());
    }
    try {
      return options.build().getService();
    } catch (RuntimeException e) {
      throw new BackendConfigurationException("Cannot open store 'gs://" + location.bucket() + "/" + location.prefix()
          + "': the client could not be made ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); set up application-default credentials "
          + "('gcloud auth application-default login' or GOOGLE_APPLICATION_CREDENTIALS), or pass credentials=none "
          + "for an emulator", e);
    }
  }
}
