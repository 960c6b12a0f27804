package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import dev.pedigree.testing.RepositoryContract;

/** The registry, lineage and audit contract on the in-memory backend. */
class MemoryRepositoryContractTest extends RepositoryContract {
  @Override
  protected BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
