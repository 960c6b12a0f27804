package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.BlobStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract on the GCS protocol: the real google-cloud-storage client against the
 * JSON-API test server on loopback, each test on a fresh prefix of one bucket.
 */
class GcsBlobStoreContractTest extends BlobStoreContract {
  private static GcsFixture fixture;

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
    return fixture.newStore();
  }
}
