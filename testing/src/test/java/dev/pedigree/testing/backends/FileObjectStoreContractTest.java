package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import dev.pedigree.testing.ObjectStoreContract;

/** Loose and packed objects in a local folder. */
class FileObjectStoreContractTest extends ObjectStoreContract {
  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(temp.resolve("store"));
  }
}
