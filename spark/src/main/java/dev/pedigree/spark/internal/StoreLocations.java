package dev.pedigree.spark.internal;

import dev.pedigree.artifacts.ContentParts;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.BlobStores;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a repository's objects are for Spark (a Hadoop file system URI), and the stores that
 * executors open from a repository's location, once per JVM.
 */
public final class StoreLocations {
  private static final Map<String, BlobStore> OPEN = new ConcurrentHashMap<>();

  private StoreLocations() {
  }

  /**
   * Returns the store at a location, opening it on first use in this JVM (an executor keeps it
   * for its lifetime, as it keeps its Hadoop file systems).
   *
   * @param location the repository's location URI
   * @return the store
   */
  public static BlobStore store(String location) {
    return OPEN.computeIfAbsent(location, l -> BlobStores.open(URI.create(l)));
  }

  /**
   * Returns the Hadoop file system root of a repository's store: {@code file:} stays, {@code s3}
   * becomes {@code s3a} (the Hadoop S3A connector), {@code gs} stays (the GCS connector).
   * Options in a query string (an endpoint, say) are the store's, not Hadoop's: set the
   * matching {@code fs.s3a.*} options in the Spark configuration.
   *
   * @param location the repository's location
   * @return the root, without a trailing {@code /}
   * @throws BackendConfigurationException for stores executors cannot read, such as {@code mem:}
   */
  public static String hadoopRoot(URI location) {
    String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
    String root;
    switch (scheme) {
      case "file" -> root = "file://" + location.getRawPath();
      case "s3", "s3a" -> root = "s3a://" + location.getRawAuthority() + nullToEmpty(location.getRawPath());
      case "gs" -> root = "gs://" + location.getRawAuthority() + nullToEmpty(location.getRawPath());
      default -> throw new BackendConfigurationException("Cannot use the store at '" + location
          + "' from Spark: its executors cannot read the scheme '" + scheme
          + "'; open the repository on a folder (file:), S3 (s3://) or GCS (gs://) location that every executor reaches");
    }
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return root;
  }

  /**
   * Returns the Hadoop path of one stored object.
   *
   * @param root the store's Hadoop root
   * @param digest the object's digest
   * @return the path
   */
  public static String objectPath(String root, Digest digest) {
    return root + "/" + ContentParts.objectKey(digest);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
