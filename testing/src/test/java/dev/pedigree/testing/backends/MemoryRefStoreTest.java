package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.RefStoreContract;

/** Refs on the in-memory backend. */
class MemoryRefStoreTest extends RefStoreContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
