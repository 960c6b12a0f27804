package dev.pedigree.testing.backends;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import dev.pedigree.testing.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A folder store opened by its {@code file:} URI through {@link BlobStores} passes the contract too. */
class FileUriBlobStoreContractTest extends BlobStoreContract {
  @TempDir
  Path folder;

  @Override
  protected BlobStore newStore() {
    return BlobStores.open(folder.resolve("by uri").toUri().toString());
  }

  @Override
  protected boolean keyAndKeysUnderItCanCoexist() {
    return false;
  }

  @Override
  protected int raceRounds() {
    return 20; // the race itself is FileBlobStoreContractTest's; this run proves the URI path
  }

  @Override
  protected long largeObjectSize() {
    return 8L << 20;
  }
}
