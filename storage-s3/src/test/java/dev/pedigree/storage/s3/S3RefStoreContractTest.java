package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.RefStoreContract;
import java.util.UUID;

/** The backend-independent ref tests, racing writers included, through S3Proxy on loopback. */
class S3RefStoreContractTest extends RefStoreContract {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final String BUCKET = S3.createBucket();

  @Override
  protected BlobStore newStore() {
    return new S3BlobStore(S3.client(), BUCKET, "refs-contract/" + UUID.randomUUID());
  }
}
