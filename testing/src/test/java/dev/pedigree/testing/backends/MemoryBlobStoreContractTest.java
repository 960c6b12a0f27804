package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.BlobStoreContract;

/** The in-memory backend passes the contract every backend passes. */
class MemoryBlobStoreContractTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
