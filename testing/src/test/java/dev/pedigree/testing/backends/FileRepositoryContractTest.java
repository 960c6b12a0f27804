package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import dev.pedigree.testing.RepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The registry, lineage and audit contract on the local folder backend. */
class FileRepositoryContractTest extends RepositoryContract {
  @TempDir
  Path folder;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(folder.resolve("store"));
  }
}
