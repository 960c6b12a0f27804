package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.BlobStoreContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in: the backend contract against a real bucket (see {@link RealS3} for the environment
 * variables), each test under a fresh random prefix that is emptied afterwards; skipped when
 * {@code PEDIGREE_S3_TEST_BUCKET} is not set.
 */
@EnabledIfEnvironmentVariable(named = RealS3.BUCKET_VARIABLE, matches = ".+")
class S3RealBucketContractTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return RealS3.openFreshStore();
  }

  /** Fewer rounds than on loopback: each round is 16 requests across the internet. */
  @Override
  protected int raceRounds() {
    return 10;
  }

  @AfterEach
  void deleteEverything() {
    List<BlobInfo> keys = store().listAll("").toList();
    keys.forEach(info -> store().delete(info.key()));
  }
}
