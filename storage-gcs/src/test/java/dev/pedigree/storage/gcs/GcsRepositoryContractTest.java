package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.RepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry, lineage and audit contract through the real GCS client and the test server. */
class GcsRepositoryContractTest extends RepositoryContract {
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
