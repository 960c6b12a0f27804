package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Java blocks of storage-s3/README.md, compiled and run (the build checks each block equals
 * its region). Opening a store does not contact the bucket, so these run without credentials;
 * what the stores then do is covered by the S3Proxy suites.
 */
class ReadmeSnippetsTest {
  @Test
  void openingFromAUri() {
    // snippet:open
    BlobStore store = BlobStores.open("s3://ml-artifacts/teams/vision?region=eu-west-1");
    // end-snippet
    try (store) {
      assertThat(store).isInstanceOf(S3BlobStore.class);
      assertThat(store.location().toString()).startsWith("s3://ml-artifacts/teams/vision");
    }
  }

  @Test
  void s3CompatibleServers() {
    // snippet:compatible
    // MinIO, Ceph RGW, or any server on your network that implements conditional writes:
    BlobStore minio = BlobStores.open("s3://artifacts/repo?endpoint=http://minio.internal:9000&pathStyle=true");

    // Cloudflare R2:
    BlobStore r2 = BlobStores.open("s3://artifacts/repo?endpoint=https://YOUR-ACCOUNT-ID.r2.cloudflarestorage.com&region=auto");
    // end-snippet
    try (minio; r2) {
      assertThat(minio.location().toString()).contains("endpoint=http://minio.internal:9000");
      assertThat(r2.location().toString()).contains("region=auto");
    }
  }

  @Test
  void yourOwnClient() {
    ExecutorService myExecutor = Executors.newFixedThreadPool(2);
    try {
      // snippet:own-client
      S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build(); // your credentials, HTTP client, retries...
      BlobStore store = new S3BlobStore(s3, "ml-artifacts", "teams/vision");

      BlobStore tuned = S3BlobStore.builder(s3, "ml-artifacts")
          .prefix("teams/vision")
          .partSize(16 << 20)
          .parallelism(8)
          .executor(myExecutor)           // optional; otherwise the store has its own pool
          .build();
      // end-snippet
      try (s3; store; tuned) {
        assertThat(store.location()).isEqualTo(tuned.location());
      }
    } finally {
      myExecutor.shutdownNow();
    }
  }
}
