package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.RefStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend-independent ref tests, racing writers included, on the GCS protocol. */
class GcsRefStoreContractTest extends RefStoreContract {
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
