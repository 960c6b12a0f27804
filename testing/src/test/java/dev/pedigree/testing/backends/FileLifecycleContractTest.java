package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import dev.pedigree.testing.LifecycleContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Deletion, retention and garbage collection on the folder backend, the second client a second store on the folder. */
class FileLifecycleContractTest extends LifecycleContract {
  @TempDir
  Path folder;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(folder.resolve("store"));
  }

  @Override
  protected BlobStore secondClient(BlobStore first) {
    return new FileBlobStore(folder.resolve("store"));
  }
}
