package dev.pedigree.storage.gcs;

import com.google.cloud.storage.Storage;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.LifecycleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Deletion, retention and garbage collection through the real GCS client and the test server;
 * the second client is a second {@link Storage} client on the same bucket and prefix, and an
 * abandoned upload is a staging object left behind.
 */
class GcsLifecycleContractTest extends LifecycleContract {
  private static GcsFixture fixture;
  private String prefix;
  private Storage secondStorage;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Override
  protected BlobStore newStore() {
    prefix = GcsFixture.freshPrefix();
    return GcsFixture.store(fixture.storage, prefix);
  }

  @Override
  protected BlobStore secondClient(BlobStore first) {
    secondStorage = fixture.server.client();
    return GcsFixture.store(secondStorage, prefix);
  }

  /** An abandoned upload on GCS is a staging object a writer finished but never published. */
  @Override
  protected boolean abandonUpload(BlobStore target, int bytes) {
    fixture.server.putObject(GcsFixture.BUCKET, prefix + "/" + GcsBlobStore.STAGING_FOLDER + java.util.UUID.randomUUID(),
        new byte[bytes]);
    return true;
  }

  @AfterEach
  void closeSecondClient() throws Exception {
    if (secondStorage != null) {
      secondStorage.close();
    }
  }
}
