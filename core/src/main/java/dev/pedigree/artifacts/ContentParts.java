package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The parts of a directory version, stored one at a time by whichever process holds them: for
 * engines (such as Spark) whose workers each write some of a directory's files and whose driver
 * registers the version once.
 *
 * <p>A worker opens the repository's store by its URI ({@code BlobStores.open(location)}), stores
 * each file it produced with {@link #storeFile} (content-addressed, create-if-absent, so a retried
 * task stores nothing twice) and sends the returned {@link ManifestEntry} to the driver. The
 * driver stores the manifest of all entries with {@link #storeManifest} and registers it with
 * {@code NewVersion.of(name, kind).stored(digest, ContentLayout.DIRECTORY)}, which checks that
 * every file is present. Until then nothing names the stored files: a job that fails publishes
 * nothing, and garbage collection removes its files once they are older than its grace period.
 *
 * <pre>{@code
 * ContentParts parts = ContentParts.on(store);
 * ManifestEntry entry = parts.storeFile("part-00000.parquet", localFile);   // on a worker
 * Digest manifest = parts.storeManifest(entriesFromAllWorkers);             // on the driver
 * repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
 *     .stored(manifest, ContentLayout.DIRECTORY).build());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ContentParts {
  private final BlobStore store;
  private final ObjectStore objects;

  private ContentParts(BlobStore store) {
    this.store = store;
    this.objects = new ObjectStore(store, 1);
  }

  /**
   * Works on a repository's store.
   *
   * @param store the store the repository was opened on
   * @return the parts writer
   */
  public static ContentParts on(BlobStore store) {
    return new ContentParts(InvalidRequestException.requireNonNull(store, "store"));
  }

  /**
   * Stores a regular file's content under its digest, in one pass, and returns its manifest
   * entry (not executable).
   *
   * @param path the file's path in the directory version, relative and {@code /}-separated
   * @param file the local file holding the content
   * @return the entry to put in the manifest
   * @throws dev.pedigree.exceptions.InvalidManifestException if the path is not a safe relative path
   * @throws dev.pedigree.exceptions.StorageException if the file cannot be read or the store written
   */
  public ManifestEntry storeFile(String path, Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    // Validate the path before storing anything.
    new ManifestEntry(path, Digest.of(new byte[0]), 0, false);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new StorageException("Cannot store '" + path + "' from " + file + ": " + e.getMessage()
          + "; check that the file exists and is readable", e);
    }
    Digest digest = objects.ingest(file);
    return new ManifestEntry(path, digest, size, false);
  }

  /**
   * Stores the manifest of a directory version from its entries, in any order.
   *
   * @param entries every file of the directory, each path once
   * @return the manifest's digest, to register with {@code NewVersion.Builder.stored(digest,
   *     ContentLayout.DIRECTORY)}
   * @throws dev.pedigree.exceptions.InvalidManifestException if a path appears twice or is both
   *     a file and a folder
   */
  public Digest storeManifest(Collection<ManifestEntry> entries) {
    InvalidRequestException.requireNonNull(entries, "entries");
    return objects.put(Manifest.of(List.copyOf(entries)).toJson());
  }

  /**
   * Reads a stored file through to its end and checks its digest.
   *
   * @param digest the file's digest, from its manifest entry
   * @throws dev.pedigree.exceptions.ObjectNotFoundException if it is not stored
   * @throws dev.pedigree.exceptions.IntegrityException if its content does not match the digest
   */
  public void verify(Digest digest) {
    objects.verify(InvalidRequestException.requireNonNull(digest, "digest"));
  }

  /**
   * Makes sure a stored file is also under its own key ({@link #objectKey}), for engines that
   * read files in place: a small file of an ingested directory lives in a pack, and a file whose
   * content was already packed is not stored again. A packed file is read, verified, and stored
   * under its key (create-if-absent); a loose one is left as it is.
   *
   * @param digest the file's digest
   * @return whether a copy was stored
   * @throws dev.pedigree.exceptions.ObjectNotFoundException if the file is not stored at all
   * @throws dev.pedigree.exceptions.IntegrityException if the packed content does not match
   */
  public boolean storeLoose(Digest digest) {
    BlobKey key = ObjectStore.keyOf(InvalidRequestException.requireNonNull(digest, "digest"));
    if (store.exists(key)) {
      return false;
    }
    // Packed objects are smaller than ObjectStore.PACKED_OBJECT_LIMIT, so this fits in memory.
    store.createIfAbsent(key, BlobSource.ofBytes(objects.readAllBytes(digest)));
    return true;
  }

  /**
   * Returns where a stored file lives, relative to the store's location, for engines that read
   * it in place (such as Spark reading Parquet): {@code objects/<2 hex>/<62 hex>}. A packed file
   * is there only after {@link #storeLoose}. Content read this way is not verified; call
   * {@link #verify} first where that matters.
   *
   * @param digest the file's digest
   * @return the key, without a leading {@code /}
   */
  public static String objectKey(Digest digest) {
    return ObjectStore.keyOf(InvalidRequestException.requireNonNull(digest, "digest")).value();
  }
}
