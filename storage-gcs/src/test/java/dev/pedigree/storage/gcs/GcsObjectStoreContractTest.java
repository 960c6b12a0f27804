package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Loose and packed objects through the real GCS client and the test server on loopback. */
class GcsObjectStoreContractTest extends ObjectStoreContract {
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
