package dev.pedigree.storage;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code mem:} scheme: {@code mem:} alone opens a fresh store, {@code mem:NAME} the store of
 * that name shared within this JVM.
 */
public final class MemoryBlobStoreProvider implements BlobStoreProvider {
  private static final Map<String, MemoryBlobStore> NAMED = new ConcurrentHashMap<>();

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MemoryBlobStoreProvider() {
  }

  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public BlobStore open(URI location) {
    String name = location.getSchemeSpecificPart();
    if (name == null || name.isEmpty() || name.startsWith("anonymous-")) {
      return new MemoryBlobStore();
    }
    return NAMED.computeIfAbsent(name, n -> new MemoryBlobStore(URI.create("mem:" + n)));
  }
}
