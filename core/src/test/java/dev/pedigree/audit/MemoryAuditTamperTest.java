package dev.pedigree.audit;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;

class MemoryAuditTamperTest extends AuditTamperTests {
  @Override
  BlobStore newStore() {
    return new MemoryBlobStore();
  }
}
