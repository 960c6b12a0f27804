package dev.pedigree.storage.gcs;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.BlobStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The backend contract against real Google Cloud Storage; runs only when
 * {@code PEDIGREE_GCS_TEST_BUCKET} names a bucket the application-default credentials can
 * write (see the module's README), and is reported as skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = RealGcs.BUCKET_VARIABLE, matches = ".+")
class RealGcsContractTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return RealGcs.openFreshStore();
  }

  @Override
  protected int raceRounds() {
    return 10;
  }

  @AfterEach
  void deleteWhatTheTestWrote() {
    RealGcs.deleteEverything(store());
  }
}
