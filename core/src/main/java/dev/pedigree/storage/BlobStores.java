package dev.pedigree.storage;

import dev.pedigree.exceptions.BackendConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Opens a {@link BlobStore} from a location URI, choosing the backend by scheme through
 * {@link ServiceLoader}: {@code mem:}, {@code file:} (core), {@code s3://}, {@code gs://}
 * (their modules, when on the class path). A plain path without a scheme is a local folder.
 *
 * <pre>{@code
 * try (BlobStore store = BlobStores.open("file:/var/lib/pedigree")) { ... }
 * }</pre>
 */
public final class BlobStores {
  private BlobStores() {
  }

  /**
   * Opens the store at a location given as text: a URI, or a local path.
   *
   * @param location such as {@code file:/data/repo}, {@code s3://bucket/prefix}, {@code mem:}
   *     or {@code ./repo}
   * @return the store
   * @throws BackendConfigurationException if no backend, or more than one, handles the scheme
   */
  public static BlobStore open(String location) {
    if ("mem:".equals(location)) {
      // "mem:" alone is not a valid URI, yet it is the natural way to ask for a fresh memory store.
      return new MemoryBlobStore();
    }
    return open(toUri(location));
  }

  /**
   * Opens the store at a location URI.
   *
   * @param location the URI
   * @return the store
   * @throws BackendConfigurationException if no backend, or more than one, handles the scheme
   */
  public static BlobStore open(URI location) {
    String scheme = location.getScheme();
    if (scheme == null) {
      return open(Path.of(location.getPath()).toAbsolutePath().toUri());
    }
    return providerFor(scheme.toLowerCase(Locale.ROOT), location).open(location);
  }

  /**
   * Turns location text into a URI: text with a scheme is parsed as a URI, anything else is
   * taken as a local path.
   *
   * @param location the text
   * @return the URI
   */
  public static URI toUri(String location) {
    if (location == null || location.isBlank()) {
      throw new BackendConfigurationException(
          "Cannot open a store: no location was given; pass a URI such as 'file:/data/repo' or 's3://bucket/prefix'");
    }
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:[\\\\/].*")) {
      try {
        return new URI(location);
      } catch (URISyntaxException e) {
        throw new BackendConfigurationException("Cannot open store '" + location + "': it is not a valid URI ("
            + e.getMessage() + "); escape special characters or pass a plain local path", e);
      }
    }
    return Path.of(location).toAbsolutePath().normalize().toUri();
  }

  /**
   * Returns the schemes of the backends on the class path.
   *
   * @return scheme names in order
   */
  public static List<String> schemes() {
    return new ArrayList<>(providers().keySet());
  }

  private static BlobStoreProvider providerFor(String scheme, URI location) {
    Map<String, List<BlobStoreProvider>> all = providers();
    List<BlobStoreProvider> found = all.get(scheme);
    if (found == null) {
      throw new BackendConfigurationException("Cannot open store '" + location + "': no backend handles scheme '"
          + scheme + "' (available: " + String.join(", ", all.keySet())
          + "); add the module for it (pedigree-storage-s3 for s3://, pedigree-storage-gcs for gs://) to the class path");
    }
    if (found.size() > 1) {
      throw new BackendConfigurationException("Cannot open store '" + location + "': " + found.size()
          + " backends claim scheme '" + scheme + "' ("
          + found.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
          + "); keep only one of them on the class path");
    }
    return found.get(0);
  }

  private static Map<String, List<BlobStoreProvider>> providers() {
    Map<String, List<BlobStoreProvider>> byScheme = new TreeMap<>();
    for (BlobStoreProvider provider : ServiceLoader.load(BlobStoreProvider.class, BlobStores.class.getClassLoader())) {
      byScheme.computeIfAbsent(provider.scheme().toLowerCase(Locale.ROOT), s -> new ArrayList<>()).add(provider);
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != BlobStores.class.getClassLoader()) {
      for (BlobStoreProvider provider : ServiceLoader.load(BlobStoreProvider.class, context)) {
        List<BlobStoreProvider> list = byScheme.computeIfAbsent(provider.scheme().toLowerCase(Locale.ROOT), s -> new ArrayList<>());
        if (list.stream().noneMatch(p -> p.getClass().equals(provider.getClass()))) {
          list.add(provider);
        }
      }
    }
    return byScheme;
  }
}
