package dev.pedigree.objects;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidManifestException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.ObjectNotFoundException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.internal.GitPaths;
import dev.pedigree.internal.SafePaths;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsStagedWrites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable, content-addressed objects on a {@link BlobStore}: each is stored once under
 * {@code objects/<2 hex>/<62 hex>} of its SHA-256 digest, written before anything names it,
 * never rewritten, and verified whenever it is read in full.
 *
 * <p>Ingest is one pass over the bytes: on a store with {@link SupportsStagedWrites} the bytes
 * are hashed while they are written into the store's staging area and then published under
 * their digest if absent; elsewhere they are hashed while spooled to a local temporary file,
 * which is then uploaded only if the object is not already there. For content larger than one
 * buffer the hashing and the writing run on two threads, so they overlap. Memory use does not
 * grow with object size.
 *
 * <p>This class is the one place that finds an object, so a later packed layout only changes
 * it. Thread-safe.
 */
public final class ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
  private static final int BUFFER_SIZE = 1 << 20;
  /** The most {@link #readAllBytes} returns; records are far smaller. */
  public static final long MAX_IN_MEMORY_OBJECT = 64L << 20;

  private final BlobStore store;
  private final int ingestThreads;

  /**
   * Creates an object store on a backend, ingesting directories with up to four files at once.
   *
   * @param store the backend
   */
  public ObjectStore(BlobStore store) {
    this(store, 4);
  }

  /**
   * Creates an object store on a backend.
   *
   * @param store the backend
   * @param ingestThreads how many files of a directory to ingest at once, at least 1
   */
  public ObjectStore(BlobStore store, int ingestThreads) {
    this.store = InvalidRequestException.requireNonNull(store, "store");
    if (ingestThreads < 1) {
      throw new InvalidRequestException("ingestThreads must be at least 1, was " + ingestThreads);
    }
    this.ingestThreads = ingestThreads;
  }

  /**
   * Returns the backend.
   *
   * @return the store objects live in
   */
  public BlobStore blobStore() {
    return store;
  }

  /**
   * Returns the storage key of an object.
   *
   * @param digest the object's digest
   * @return its key
   */
  public static BlobKey keyOf(Digest digest) {
    return BlobKey.of("objects/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2));
  }

  /**
   * Stores small content held in memory, such as a JSON record.
   *
   * @param bytes the content
   * @return its digest
   */
  public Digest put(byte[] bytes) {
    Digest digest = Digest.of(bytes);
    BlobKey key = keyOf(digest);
    if (!store.exists(key)) {
      store.createIfAbsent(key, BlobSource.ofBytes(bytes));
    }
    return digest;
  }

  /**
   * Ingests a stream to its end, in one pass. The caller closes the stream.
   *
   * @param in the content
   * @return its digest
   * @throws StorageException if reading or writing failed; nothing was published then
   */
  public Digest ingest(InputStream in) {
    InvalidRequestException.requireNonNull(in, "in");
    if (store instanceof SupportsStagedWrites staging) {
      try (StagedBlob staged = staging.stage()) {
        Digest digest = OverlappedCopy.copy(in, staged.output());
        BlobKey key = keyOf(digest);
        if (!store.exists(key)) {
          staged.publishIfAbsent(key);
        }
        return digest;
      } catch (IOException e) {
        throw new StorageException("Cannot ingest stream into " + store.displayLocation() + ": " + e.getMessage()
            + "; nothing was stored, retry when the source is readable", e);
      }
    }
    Path spool = null;
    try {
      spool = Files.createTempFile("pedigree-ingest-", ".tmp");
      Digest digest;
      try (OutputStream out = Files.newOutputStream(spool)) {
        digest = OverlappedCopy.copy(in, out);
      }
      BlobKey key = keyOf(digest);
      if (!store.exists(key)) {
        store.createIfAbsent(key, BlobSource.ofFile(spool));
      }
      return digest;
    } catch (IOException e) {
      throw new StorageException("Cannot ingest stream into " + store.displayLocation() + ": " + e.getMessage()
          + "; nothing was stored, retry when the source is readable and the temporary folder has space", e);
    } finally {
      if (spool != null) {
        deleteQuietly(spool);
      }
    }
  }

  /**
   * Ingests a regular file in one pass.
   *
   * @param file the file
   * @return its digest
   * @throws StorageException if the file cannot be read or the store written
   */
  public Digest ingest(Path file) {
    return ingestCounted(file).digest();
  }

  /** A file's digest and how many bytes were read from it. */
  private record Ingested(Digest digest, long size) {
  }

  /**
   * Ingests a regular file, checking its type before opening it: a named pipe would block the
   * caller forever, a device would never end.
   */
  private Ingested ingestCounted(Path file) {
    InvalidRequestException.requireNonNull(file, "file");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new StorageException("Cannot ingest file " + file + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    if (!attributes.isRegularFile()) {
      throw new InvalidRequestException("Cannot ingest " + file + ": it is "
          + (attributes.isDirectory() ? "a directory" : "not a regular file (a named pipe, socket or device)")
          + "; pass a regular file" + (attributes.isDirectory() ? ", or register it with directory()" : ""));
    }
    try (InputStream raw = Files.newInputStream(file); CountingInputStream in = new CountingInputStream(raw)) {
      Digest digest = ingest(in);
      return new Ingested(digest, in.count);
    } catch (IOException e) {
      throw new StorageException("Cannot ingest file " + file + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /**
   * Ingests every regular file under a directory, in parallel, and stores its manifest.
   *
   * @param directory the directory
   * @return the manifest and its digest
   * @throws UnsafePathException if the directory holds a symbolic link or a name that cannot
   *     be stored safely
   */
  public DirectorySnapshot ingestDirectory(Path directory) {
    return ingestDirectory(directory, FileDigestCache.NONE);
  }

  /**
   * Ingests a directory, asking a cache first for the digest of each file by its metadata: a
   * file the cache knows, whose object is stored, is not read at all.
   *
   * @param directory the directory
   * @param cache the digest cache
   * @return the manifest and its digest
   */
  public DirectorySnapshot ingestDirectory(Path directory, FileDigestCache cache) {
    List<Path> files = listFiles(directory);
    List<ManifestEntry> entries = new ArrayList<>(files.size());
    if (files.size() <= 1 || ingestThreads == 1) {
      for (Path file : files) {
        entries.add(ingestEntry(directory, file, cache));
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(ingestThreads, files.size()), runnable -> {
        Thread thread = new Thread(runnable, "pedigree-ingest");
        thread.setDaemon(true);
        return thread;
      });
      try {
        List<Future<ManifestEntry>> futures = new ArrayList<>(files.size());
        for (Path file : files) {
          futures.add(pool.submit(() -> ingestEntry(directory, file, cache)));
        }
        for (Future<ManifestEntry> future : futures) {
          entries.add(future.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("Cannot ingest directory " + directory + ": interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof PedigreeException p) {
          throw p;
        }
        throw new StorageException("Cannot ingest directory " + directory + ": " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    Manifest manifest = Manifest.of(entries);
    Digest digest = put(manifest.toJson());
    LOG.debug("Ingested {} files ({} bytes) from {} as {}", entries.size(), manifest.totalSize(), directory, digest);
    return new DirectorySnapshot(digest, manifest);
  }

  private ManifestEntry ingestEntry(Path root, Path file, FileDigestCache cache) {
    String relative = relativeName(root, file);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Optional<Digest> known = cache.lookup(file, attributes);
      Optional<BlobInfo> stored = known.isPresent() ? store.stat(keyOf(known.get())) : Optional.empty();
      if (stored.isPresent()) {
        // The stored object's size, not the file's: the manifest describes what was stored.
        return new ManifestEntry(relative, known.get(), stored.get().size(), isExecutable(file));
      }
      Ingested ingested = ingestCounted(file);
      cache.record(file, attributes, ingested.digest());
      return new ManifestEntry(relative, ingested.digest(), ingested.size(), isExecutable(file));
    } catch (IOException e) {
      throw new StorageException("Cannot ingest " + file + ": " + e.getMessage() + "; check that it is readable", e);
    }
  }

  /**
   * Lists the regular files under a directory in a stable order, refusing symbolic links.
   *
   * @param directory the directory
   * @return the files
   */
  static List<Path> listFiles(Path directory) {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new StorageException("Cannot ingest directory " + directory + ": it is not a directory"
          + " (or is a symbolic link); pass the path of a real directory");
    }
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(directory, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isSymbolicLink()) {
            throw new UnsafePathException(directory.relativize(file).toString(), "Cannot ingest " + file
                + ": it is a symbolic link, and a dataset's content must be its own; replace it with the file it points to");
          }
          if (attributes.isRegularFile()) {
            files.add(file);
          } else {
            throw new UnsafePathException(directory.relativize(file).toString(), "Cannot ingest " + file
                + ": it is not a regular file (a device, socket or pipe); remove it from the directory");
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("Cannot list directory " + directory + ": " + e.getMessage(), e);
    }
    return files;
  }

  static String relativeName(Path root, Path file) {
    StringBuilder name = new StringBuilder();
    for (Path part : root.relativize(file)) {
      if (name.length() > 0) {
        name.append('/');
      }
      name.append(part.toString());
    }
    String relative = name.toString();
    String problem = SafePaths.relativePathProblem(relative);
    if (problem != null) {
      throw new UnsafePathException(relative, "Cannot ingest " + file + ": " + problem + "; rename the file");
    }
    return relative;
  }

  /**
   * Returns whether an object is stored.
   *
   * @param digest the digest
   * @return {@code true} if stored
   */
  public boolean contains(Digest digest) {
    return store.exists(keyOf(digest));
  }

  /**
   * Returns an object's size.
   *
   * @param digest the digest
   * @return the size in bytes
   * @throws ObjectNotFoundException if the object is not stored
   */
  public long size(Digest digest) {
    return store.stat(keyOf(digest)).map(BlobInfo::size)
        .orElseThrow(() -> new ObjectNotFoundException(digest.toString(), store.displayLocation()));
  }

  /**
   * Opens an object for reading. The stream checks the digest when it reaches the end and
   * throws {@link dev.pedigree.exceptions.IntegrityException} there if the content changed.
   *
   * @param digest the digest
   * @return a stream the caller closes
   * @throws ObjectNotFoundException if the object is not stored
   */
  public InputStream open(Digest digest) {
    BlobKey key = keyOf(digest);
    try {
      return new VerifyingInputStream(store.read(key), digest, key.value());
    } catch (BlobNotFoundException e) {
      throw new ObjectNotFoundException(digest.toString(), store.displayLocation());
    }
  }

  /**
   * Reads a small object whole, verified.
   *
   * @param digest the digest
   * @return the content
   * @throws ObjectNotFoundException if the object is not stored
   * @throws dev.pedigree.exceptions.IntegrityException if the content does not match
   */
  public byte[] readAllBytes(Digest digest) {
    try (InputStream in = open(digest)) {
      byte[] bytes = in.readNBytes((int) MAX_IN_MEMORY_OBJECT + 1);
      if (bytes.length > MAX_IN_MEMORY_OBJECT) {
        throw new StorageException("Cannot read object " + digest + " into memory: it is larger than "
            + MAX_IN_MEMORY_OBJECT + " bytes; stream it with open() or copy it to a file");
      }
      // Reaching the end runs the verification.
      if (in.read() >= 0) {
        throw new IllegalStateException("unreachable: more bytes after the end");
      }
      return bytes;
    } catch (IOException e) {
      throw new StorageException("Cannot read object " + digest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an object through to its end, verifying its digest.
   *
   * @param digest the digest
   * @throws ObjectNotFoundException if the object is not stored
   * @throws dev.pedigree.exceptions.IntegrityException if the content does not match
   */
  public void verify(Digest digest) {
    try (InputStream in = open(digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new StorageException("Cannot verify object " + digest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes an object to a file, verified: the file appears only once all of its bytes have
   * been read and checked, and replaces any file of that name.
   *
   * @param digest the digest
   * @param target the file to write
   */
  public void copyTo(Digest digest, Path target) {
    copyCounting(digest, target);
  }

  private long copyCounting(Digest digest, Path target) {
    Path parent = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".pedigree-tmp");
      long copied;
      try (InputStream in = open(digest); OutputStream out = Files.newOutputStream(temp)) {
        copied = copy(in, out);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      return copied;
    } catch (IOException e) {
      throw new StorageException("Cannot copy object " + digest + " to " + target + ": " + e.getMessage()
          + "; check that the folder is writable and has space", e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Reads and validates a directory manifest.
   *
   * @param digest the manifest's digest
   * @return the manifest
   * @throws dev.pedigree.exceptions.InvalidManifestException if the object is not a manifest
   */
  public Manifest readManifest(Digest digest) {
    return Manifest.parse(readAllBytes(digest));
  }

  /**
   * Checks that every file a manifest names is stored, with the size the manifest gives it:
   * what registering a stored directory needs before it trusts the manifest. One stat per entry.
   *
   * @param digest the manifest's digest, for the message
   * @param manifest the manifest
   * @throws InvalidManifestException naming the missing or mis-sized entries
   */
  public void requireComplete(Digest digest, Manifest manifest) {
    List<String> problems = new ArrayList<>();
    int found = 0;
    for (ManifestEntry entry : manifest.entries()) {
      Optional<BlobInfo> info = store.stat(keyOf(entry.digest()));
      String problem = info.isEmpty() ? "'" + entry.path() + "' names object " + entry.digest().shortHex()
          + ", which is not stored" : info.get().size() != entry.size() ? "'" + entry.path() + "' claims "
          + entry.size() + " bytes but its object holds " + info.get().size() : null;
      if (problem != null && found++ < 5) {
        problems.add(problem);
      }
    }
    if (found > 0) {
      throw new InvalidManifestException("Cannot use manifest " + digest.shortHex() + ": " + found + " of its "
          + manifest.entries().size() + " entries do not match the store (" + String.join("; ", problems)
          + (found > problems.size() ? "; ..." : "") + "); ingest the directory again instead of reusing this manifest");
    }
  }

  /**
   * Materialises a directory manifest into a target directory: every file is written,
   * verified, inside the target. An entry that would land outside it — through a path or a
   * symbolic link already in the target — is refused before anything is written.
   *
   * <p>Entries that git refuses to check out (under {@code .git}, or a name that is
   * {@code .git} on Windows or macOS, see {@link CheckoutOption#ALLOW_GIT_METADATA}) are
   * refused too, before anything is written, unless that option is given.
   *
   * @param manifestDigest the manifest's digest
   * @param target the directory to fill (created if missing)
   * @param options loosened rules, none by default
   * @throws UnsafePathException if an entry would leave the target or write git metadata
   * @throws InvalidManifestException if a file's content does not have its entry's size
   */
  public void checkout(Digest manifestDigest, Path target, CheckoutOption... options) {
    checkout(manifestDigest, -1, target, options);
  }

  /**
   * Materialises a directory manifest whose files must add up to a recorded size.
   *
   * @param manifestDigest the manifest's digest
   * @param expectedSize the total size recorded for it, or -1 to skip that check
   * @param target the directory to fill (created if missing)
   * @param options loosened rules, none by default
   * @throws InvalidManifestException if the manifest's total is not the recorded size, or a
   *     file's content does not have its entry's size
   */
  public void checkout(Digest manifestDigest, long expectedSize, Path target, CheckoutOption... options) {
    Manifest manifest = readManifest(manifestDigest);
    if (expectedSize >= 0 && manifest.totalSize() != expectedSize) {
      throw new InvalidManifestException("Cannot check out manifest " + manifestDigest.shortHex() + ": its files add "
          + "up to " + manifest.totalSize() + " bytes but the version records " + expectedSize + "; the record or "
          + "the manifest was altered, run repo.verify() and restore the version from a trusted copy");
    }
    boolean allowGit = List.of(options).contains(CheckoutOption.ALLOW_GIT_METADATA);
    if (!allowGit) {
      for (ManifestEntry entry : manifest.entries()) {
        String problem = GitPaths.problem(entry.path());
        if (problem != null) {
          throw new UnsafePathException(entry.path(), "Cannot check out '" + entry.path() + "' into " + target + ": "
              + problem + "; nothing was written. Pass CheckoutOption.ALLOW_GIT_METADATA only to restore a version "
              + "that is itself a git repository into a folder of its own");
        }
      }
    }
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new StorageException("Cannot create checkout folder " + target + ": " + e.getMessage(), e);
    }
    List<Path> destinations = new ArrayList<>(manifest.entries().size());
    for (ManifestEntry entry : manifest.entries()) {
      destinations.add(SafePaths.resolveInside(target, entry.path()));
    }
    for (int i = 0; i < destinations.size(); i++) {
      ManifestEntry entry = manifest.entries().get(i);
      Path destination = SafePaths.resolveInside(target, entry.path());
      long written = copyCounting(entry.digest(), destination);
      if (written != entry.size()) {
        throw new InvalidManifestException("Cannot check out '" + entry.path() + "' into " + target + ": the manifest "
            + "gives it " + entry.size() + " bytes but its content holds " + written + "; the manifest was altered, "
            + "run repo.verify() and restore the version from a trusted copy");
      }
      if (entry.executable()) {
        setExecutable(destination);
      }
    }
  }

  /**
   * Streams the digests of every stored object.
   *
   * @return a lazy stream
   */
  public Stream<Digest> list() {
    return store.listAll("objects/").map(info -> {
      String key = info.key().value();
      return new Digest(key.substring(8, 10) + key.substring(11));
    });
  }

  private static boolean isExecutable(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Files.isExecutable(file);
    }
    try {
      return view.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setExecutable(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    try {
      if (view != null) {
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        view.setPermissions(permissions);
      } else if (!file.toFile().setExecutable(true, true)) {
        LOG.warn("Could not mark {} executable on this filesystem", file);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot mark " + file + " executable: " + e.getMessage(), e);
    }
  }

  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The temporary file is outside the store and harmless; say so rather than hide it.
      LOG.warn("Could not delete temporary file {}: {}", file, e.toString());
    }
  }
}
