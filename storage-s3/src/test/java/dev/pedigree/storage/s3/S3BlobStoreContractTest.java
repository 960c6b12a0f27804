package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.BlobStoreContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The backend contract on a real S3 protocol: S3Proxy on loopback, each test on a fresh prefix
 * of one bucket. Staged writes are not an ability of this store, so those tests are skipped.

 */
class S3BlobStoreContractTest extends BlobStoreContract {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final String BUCKET = S3.createBucket();

  @Override
  protected BlobStore newStore() {
    return new S3BlobStore(S3.client(), BUCKET, "contract/" + UUID.randomUUID());
  }

  /** Frees S3Proxy's memory (the objects live in this JVM's heap) of the large objects a test left. */
  @AfterEach
  void deleteLargeObjects() {
    List<BlobInfo> large = store().listAll("").filter(info -> info.size() >= (1 << 20)).toList();
    large.forEach(info -> store().delete(info.key()));
  }
}
