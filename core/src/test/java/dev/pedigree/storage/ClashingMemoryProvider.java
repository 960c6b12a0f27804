package dev.pedigree.storage;

import java.net.URI;

/**
 * A second provider for {@code mem}, registered only by {@link BlobStoresTest} through a class
 * loader of its own, so that no other test sees it.
 */
public class ClashingMemoryProvider implements BlobStoreProvider {
  /** Called by the service loader. */
  public ClashingMemoryProvider() {
  }

  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public BlobStore open(URI location) {
    throw new AssertionError("a clashing provider must never be chosen");
  }
}
