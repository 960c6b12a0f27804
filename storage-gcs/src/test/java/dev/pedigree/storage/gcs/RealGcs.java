package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.util.List;
import java.util.UUID;

/**
 * Where the opt-in tests against real Google Cloud Storage write, from the environment:
 * {@code PEDIGREE_GCS_TEST_BUCKET} (required; the tests are skipped without it),
 * {@code PEDIGREE_GCS_TEST_PREFIX} (default {@code pedigree-test}), {@code PEDIGREE_GCS_TEST_PROJECT}
 * and {@code PEDIGREE_GCS_TEST_ENDPOINT} (an emulator, reached without credentials). Credentials
 * are the application-default ones.
 */
final class RealGcs {
  static final String BUCKET_VARIABLE = "PEDIGREE_GCS_TEST_BUCKET";

  private RealGcs() {
  }

  /** Opens a store on a fresh prefix under the configured one. */
  static BlobStore openFreshStore() {
    String bucket = System.getenv(BUCKET_VARIABLE);
    String prefix = System.getenv().getOrDefault("PEDIGREE_GCS_TEST_PREFIX", "pedigree-test");
    StringBuilder location = new StringBuilder("gs://").append(bucket).append('/').append(prefix).append('/')
        .append(UUID.randomUUID());
    String separator = "?";
    String project = System.getenv("PEDIGREE_GCS_TEST_PROJECT");
    if (project != null && !project.isEmpty()) {
      location.append(separator).append("project=").append(project);
      separator = "&";
    }
    String endpoint = System.getenv("PEDIGREE_GCS_TEST_ENDPOINT");
    if (endpoint != null && !endpoint.isEmpty()) {
      location.append(separator).append("endpoint=").append(endpoint).append("&credentials=none");
    }
    return BlobStores.open(location.toString());
  }

  /** Deletes every key the store holds, so a test run leaves the bucket as it found it. */
  static void deleteEverything(BlobStore store) {
    List<BlobInfo> keys = store.listAll("").toList();
    keys.forEach(info -> store.delete(info.key()));
  }
}
