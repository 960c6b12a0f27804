package dev.pedigree.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of storage-gcs/README.md, compiled and run (the build checks each block equals
 * its region). Opening a store does not contact the bucket (credentials are looked up when first
 * needed); what the stores then do is covered
 * by the suites on the GCS test server.
 */
class ReadmeSnippetsTest {
  @Test
  void openingFromAUri() throws Exception {
    // snippet:open
    BlobStore store = BlobStores.open("gs://my-bucket/team/churn");   // bucket my-bucket, prefix team/churn/
    // end-snippet
    try (store) {
      assertThat(store.location().toString()).startsWith("gs://my-bucket/team/churn");
    }
  }

  @Test
  void anEmulator() throws Exception {
    // snippet:emulator
    BlobStore local = BlobStores.open("gs://test-bucket/repo?endpoint=http://127.0.0.1:4443&project=test&credentials=none");
    // end-snippet
    try (local) {
      assertThat(local).isInstanceOf(GcsBlobStore.class);
    }
  }

  @Test
  void yourOwnClient() throws Exception {
    Credentials credentials = NoCredentials.getInstance();
    // snippet:own-client
    Storage storage = StorageOptions.newBuilder()
        .setCredentials(credentials)          // e.g. GoogleCredentials.fromStream(keyStream)
        .setProjectId("my-project")
        .build().getService();
    BlobStore store = new GcsBlobStore(storage, "my-bucket", "team/churn");
    // end-snippet
    try (storage; store) {
      assertThat(store.location().toString()).startsWith("gs://my-bucket/team/churn");
    }
  }
}
