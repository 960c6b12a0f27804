package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.LifecycleContract;

/** Deletion, retention and garbage collection on the in-memory backend. */
class MemoryLifecycleContractTest extends LifecycleContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
