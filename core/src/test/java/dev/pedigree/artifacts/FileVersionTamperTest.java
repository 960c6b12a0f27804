package dev.pedigree.artifacts;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.FileBlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileVersionTamperTest extends VersionTamperTests {
  @TempDir
  Path dir;

  @Override
  BlobStore newStore() {
    return new FileBlobStore(dir);
  }
}
