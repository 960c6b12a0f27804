package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import dev.pedigree.testing.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The folder backend passes the contract, except that a key cannot also be a folder of keys. */
class FileBlobStoreContractTest extends BlobStoreContract {
  @TempDir
  Path folder;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(folder.resolve("store"));
  }

  @Override
  protected boolean keyAndKeysUnderItCanCoexist() {
    return false;
  }
}
