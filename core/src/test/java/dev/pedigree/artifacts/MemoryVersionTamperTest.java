package dev.pedigree.artifacts;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;

class MemoryVersionTamperTest extends VersionTamperTests {
  @Override
  BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
