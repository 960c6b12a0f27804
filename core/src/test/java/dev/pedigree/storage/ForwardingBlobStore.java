package dev.pedigree.storage;

import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * A store that hands every call to an in-memory store, for tests that make some calls fail:
 * override only those.
 */
public class ForwardingBlobStore implements BlobStore {
  /** The store that holds the data. */
  public final MemoryBlobStore inner = new MemoryBlobStore();

  @Override
  public URI location() {
    return inner.location();
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    return inner.stat(key);
  }

  @Override
  public InputStream read(BlobKey key) {
    return inner.read(key);
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    inner.write(key, content);
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    return inner.createIfAbsent(key, content);
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    return inner.list(prefix, startAfter, maxKeys);
  }

  @Override
  public boolean delete(BlobKey key) {
    return inner.delete(key);
  }
}
