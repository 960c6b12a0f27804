package dev.pedigree.storage;

import java.net.URI;

/**
 * Opens a {@link BlobStore} for the URIs of one scheme. Backends register an implementation in
 * {@code META-INF/services/dev.pedigree.storage.BlobStoreProvider}; {@link BlobStores#open}
 * finds it by {@link #scheme()}.
 */
public interface BlobStoreProvider {
  /**
   * Returns the URI scheme this provider handles, in lower case, such as {@code file} or
   * {@code s3}.
   *
   * @return the scheme
   */
  String scheme();

  /**
   * Opens a store for a URI of this provider's scheme.
   *
   * @param location the URI
   * @return the store
   * @throws dev.pedigree.exceptions.BackendConfigurationException if the URI is not usable
   */
  BlobStore open(URI location);
}
