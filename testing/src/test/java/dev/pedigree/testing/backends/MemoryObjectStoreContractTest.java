package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.ObjectStoreContract;

/** Loose and packed objects in memory. */
class MemoryObjectStoreContractTest extends ObjectStoreContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
