package dev.pedigree.objects;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.file.Path;

class MemoryObjectStoreTest extends ObjectStoreTests {
  @Override
  protected BlobStore newBlobStore(Path scratch) {
    return new MemoryBlobStore();
  }
}
