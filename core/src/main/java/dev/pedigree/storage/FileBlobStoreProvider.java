package dev.pedigree.storage;

import dev.pedigree.exceptions.BackendConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The {@code file:} scheme: {@code file:/data/repo} (or {@code file:///data/repo}) opens a
 * {@link FileBlobStore} in that folder, creating it if missing; {@code file:repo} is relative to
 * the working directory. {@link BlobStores#open(String)} also turns a plain path into such a URI.
 */
public final class FileBlobStoreProvider implements BlobStoreProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public FileBlobStoreProvider() {
  }

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public BlobStore open(URI location) {
    return new FileBlobStore(pathOf(location));
  }

  static Path pathOf(URI location) {
    if (!"file".equalsIgnoreCase(location.getScheme())) {
      throw new BackendConfigurationException("Cannot open store '" + location + "' as a folder: its scheme is not"
          + " 'file'; pass a URI such as 'file:/data/repo'");
    }
    if (location.getRawQuery() != null || location.getRawFragment() != null) {
      throw new BackendConfigurationException("Cannot open store '" + location + "': a folder location takes no '?'"
          + " query or '#' fragment; escape those characters in the path as %3F and %23");
    }
    try {
      if (location.isOpaque()) {
        return Path.of(location.getSchemeSpecificPart());
      }
      String authority = location.getAuthority();
      if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw new BackendConfigurationException("Cannot open store '" + location + "': it names host '" + authority
            + "', and only local folders are supported; mount the share and pass its local path");
      }
      String path = location.getPath();
      if (path == null || path.isEmpty()) {
        throw new BackendConfigurationException("Cannot open store '" + location + "': it names no folder;"
            + " pass a URI such as 'file:/data/repo'");
      }
      return Path.of(new URI("file", null, path, null, null));
    } catch (IllegalArgumentException | URISyntaxException e) {
      throw new BackendConfigurationException("Cannot open store '" + location + "': it is not a valid path on this"
          + " system (" + e.getMessage() + "); pass a URI such as 'file:/data/repo'", e);
    }
  }
}
