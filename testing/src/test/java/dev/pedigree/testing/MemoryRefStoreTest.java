package dev.pedigree.testing;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;

class MemoryRefStoreTest extends RefStoreContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
