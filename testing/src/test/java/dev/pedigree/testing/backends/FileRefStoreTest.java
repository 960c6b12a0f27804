package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import dev.pedigree.testing.RefStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Refs on the local-folder backend. */
class FileRefStoreTest extends RefStoreContract {
  @TempDir
  Path folder;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(folder.resolve("store"));
  }
}
