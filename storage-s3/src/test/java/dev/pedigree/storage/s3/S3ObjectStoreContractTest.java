package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.ObjectStoreContract;
import java.util.UUID;

/** Loose and packed objects through S3Proxy on loopback, each test on a fresh prefix. */
class S3ObjectStoreContractTest extends ObjectStoreContract {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final String BUCKET = S3.createBucket();

  @Override
  protected BlobStore newStore() {
    return new S3BlobStore(S3.client(), BUCKET, "objects-contract/" + UUID.randomUUID());
  }
}
