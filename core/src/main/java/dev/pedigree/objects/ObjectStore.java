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
import dev.pedigree.internal.StoreLayout;
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
 * <p>Ingest is one pass over the bytes: on a store with {@link SupportsStagedWrites} (the folder
 * store, S3, GCS) the bytes are hashed while they are written into the store's staging area
 * and then published under their digest if absent, with no local copy; elsewhere they are
 * hashed while spooled to a local temporary file, which is then uploaded only if the object is
 * not already there. For content larger than one
 * buffer the hashing and the writing run on two threads, so they overlap. Memory use does not
 * grow with object size.
 *
 * <p>Small files of a directory (under {@link #PACKED_OBJECT_LIMIT}) are written many to a
 * <em>pack</em> with an index, as git and restic do, so a directory of 100,000 small files costs
 * a few writes, not 100,000: see {@link PackIndex} for the layout. A pack is named by its
 * content and created if absent, and its index is published after it and before anything
 * names its objects; an object is found loose or packed by {@link #locate}, the one place that
 * finds objects, and read verified either way. A store written before packs existed reads as
 * before: it simply has no {@code packs/}.
 *
 * <p>Thread-safe.
 */
public final class ObjectStore {
  private static final String LOOSE_PREFIX = StoreLayout.OBJECTS;
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
  private static final int BUFFER_SIZE = 1 << 20;
  /** The most {@link #readAllBytes} returns; records are far smaller. */
  public static final long MAX_IN_MEMORY_OBJECT = 64L << 20;

  /** Files smaller than this are packed when a directory is ingested; larger ones are stored loose. */
  public static final int PACKED_OBJECT_LIMIT = 1 << 20;
  /** From this many files on, a directory ingest lists the loose objects once instead of asking for each. */
  static final int LIST_LOOSE_FROM = 1000;
  /** The most loose objects a listing keeps in memory (8 bytes each) before falling back to asking for each. */
  static final int MAX_LISTED_LOOSE = 4_000_000;
  private static final int FILES_PER_TASK = 256;
  /** For the benchmark's A/B run only: property {@code pedigree.ingest.heapCopy=true} ingests files through heap streams as before. */
  private static final String HEAP_COPY_PROPERTY = "pedigree.ingest.heapCopy";

  private final BlobStore store;
  private final int ingestThreads;
  private final Packs packs;

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
    this.packs = new Packs(store);
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
    return BlobKey.of(LOOSE_PREFIX + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2));
  }

  /** Where an object is: loose under its own key, or at a range of a pack. */
  private sealed interface Location permits Loose, Packed {
    long size();
  }

  private record Loose(BlobKey key, long size) implements Location {
  }

  private record Packed(Packs.Hit hit) implements Location {
    @Override
    public long size() {
      return hit.length();
    }
  }

  /**
   * Finds an object: the one place that does. Packs known in memory are asked first (no
   * request), then the loose key; when both miss and {@code refresh} is set, the pack list is
   * read again in case another writer published a pack since.
   *
   * @param digest the object
   * @param refresh whether a miss re-reads the pack list (reads do; a dedup check need not,
   *     since storing a duplicate is only a waste)
   * @return where it is, or null
   */
  private Location locate(Digest digest, boolean refresh) {
    Packs.Hit hit = packs.find(digest);
    if (hit != null) {
      return new Packed(hit);
    }
    BlobKey key = keyOf(digest);
    Optional<BlobInfo> loose = store.stat(key);
    if (loose.isPresent()) {
      return new Loose(key, loose.get().size());
    }
    if (refresh && packs.refresh()) {
      hit = packs.find(digest);
      if (hit != null) {
        return new Packed(hit);
      }
    }
    return null;
  }

  /**
   * Stores small content held in memory, such as a JSON record.
   *
   * @param bytes the content
   * @return its digest
   */
  public Digest put(byte[] bytes) {
    Digest digest = Digest.of(bytes);
    if (locate(digest, false) == null) {
      store.createIfAbsent(keyOf(digest), BlobSource.ofBytes(bytes));
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
        if (locate(digest, false) == null) {
          staged.publishIfAbsent(keyOf(digest));
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
      if (locate(digest, false) == null) {
        store.createIfAbsent(keyOf(digest), BlobSource.ofFile(spool));
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
    if (store instanceof SupportsStagedWrites staging && !Boolean.getBoolean(HEAP_COPY_PROPERTY)) {
      // Through direct buffers into the staged file: the bytes never cross the heap, and are hashed where they are.
      try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
          StagedBlob staged = staging.stage()) {
        Digest digest = OverlappedCopy.copy(in, staged.channel());
        long size = in.position();
        if (locate(digest, false) == null) {
          staged.publishIfAbsent(keyOf(digest));
        }
        return new Ingested(digest, size);
      } catch (IOException e) {
        throw new StorageException("Cannot ingest file " + file + ": " + e.getMessage()
            + "; check that it exists and is readable; nothing was stored", e);
      }
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
   * file the cache knows, whose object is stored, is not read at all. Files smaller than
   * {@link #PACKED_OBJECT_LIMIT} go into packs, larger ones are stored loose; every pack is
   * published before the manifest, so whoever names the manifest names only stored objects.
   * With a {@link StatCache}, a directory whose files' metadata all match what the cache saw
   * when it last ingested it is answered from that metadata and its stored manifest alone; and
   * entries of files no longer in the directory are pruned from the cache.
   *
   * @param directory the directory
   * @param cache the digest cache
   * @return the manifest and its digest
   * @throws UnsafePathException if the directory holds a symbolic link or a name that cannot
   *     be stored safely
   */
  public DirectorySnapshot ingestDirectory(Path directory, FileDigestCache cache) {
    InvalidRequestException.requireNonNull(cache, "cache");
    List<LocalFiles.LocalFile> files = LocalFiles.scan(directory, "ingest", StatCache.Progress.NONE);
    Digest signature = null;
    if (cache instanceof StatCache stat) {
      // Unchanged since the cache last saw every file of it: the manifest is known, and stored if it is found.
      signature = LocalFiles.signature(files);
      Optional<Digest> known = stat.lookupDirectory(directory, signature);
      if (known.isPresent() && locate(known.get(), false) != null) {
        LOG.debug("Directory {} is unchanged since it was ingested as {}: answered from file metadata", directory,
            known.get());
        return new DirectorySnapshot(known.get(), readManifest(known.get()));
      }
    }
    Batch batch = new Batch(files.size());
    ManifestEntry[] entries = new ManifestEntry[files.size()];
    int tasks = (files.size() + FILES_PER_TASK - 1) / FILES_PER_TASK;
    if (tasks <= 1 || ingestThreads == 1) {
      ingestEntries(files, 0, files.size(), entries, batch, cache);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(ingestThreads, tasks), runnable -> {
        Thread thread = new Thread(runnable, "pedigree-ingest");
        thread.setDaemon(true);
        return thread;
      });
      try {
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int task = 0; task < tasks; task++) {
          int from = task * FILES_PER_TASK;
          int to = Math.min(files.size(), from + FILES_PER_TASK);
          futures.add(pool.submit(() -> ingestEntries(files, from, to, entries, batch, cache)));
        }
        for (Future<?> future : futures) {
          future.get();
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
    batch.writer.flush();
    Manifest manifest = Manifest.of(java.util.Arrays.asList(entries));
    Digest digest = put(manifest.toJson());
    if (cache instanceof StatCache stat) {
      stat.prune(directory, files);
      boolean allKnown = true;
      for (LocalFiles.LocalFile file : files) {
        allKnown &= stat.lookup(file.file(), file.attributes()).isPresent();
      }
      if (allKnown) {
        stat.recordDirectory(directory, signature, digest);
      }
    }
    LOG.debug("Ingested {} files ({} bytes) from {} as {}; packed {}", entries.length, manifest.totalSize(), directory,
        digest, batch.writer.summary());
    return new DirectorySnapshot(digest, manifest);
  }

  private void ingestEntries(List<LocalFiles.LocalFile> files, int from, int to, ManifestEntry[] entries, Batch batch,
      FileDigestCache cache) {
    for (int i = from; i < to; i++) {
      entries[i] = ingestEntry(files.get(i), batch, cache);
    }
  }

  private ManifestEntry ingestEntry(LocalFiles.LocalFile local, Batch batch, FileDigestCache cache) {
    Path file = local.file();
    BasicFileAttributes attributes = local.attributes();
    Optional<Digest> known = cache.lookup(file, attributes);
    if (known.isPresent() && batch.present(known.get())) {
      return new ManifestEntry(local.relative(), known.get(), attributes.size(), local.executable());
    }
    if (attributes.size() < PACKED_OBJECT_LIMIT) {
      byte[] content;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        content = in.readNBytes(PACKED_OBJECT_LIMIT);
      } catch (IOException e) {
        throw new StorageException("Cannot ingest " + file + ": " + e.getMessage() + "; check that it is readable", e);
      }
      if (content.length < PACKED_OBJECT_LIMIT) {
        Digest digest = Digest.of(content);
        if (!batch.present(digest)) {
          batch.writer.add(digest, content, content.length);
        }
        cache.record(file, attributes, digest);
        return new ManifestEntry(local.relative(), digest, content.length, local.executable());
      }
      // It grew past the limit since it was listed: store it loose like any large file.
    }
    Digest digest = ingest(file);
    cache.record(file, attributes, digest);
    return new ManifestEntry(local.relative(), digest, attributes.size(), local.executable());
  }

  /**
   * What one directory ingest knows about which objects are stored: the packs, the pack it is
   * writing, and the loose objects — asked one by one for a small directory, listed once (as
   * 64-bit digest prefixes, a hit confirmed by asking) for a large one, so 100,000 files on a
   * bucket cost a few listing requests rather than 100,000.
   */
  private final class Batch {
    final PackWriter writer = new PackWriter(packs);
    private final boolean listLoose;
    private volatile long[] loosePrefixes;
    private volatile boolean looseListed;

    Batch(int files) {
      this.listLoose = files >= LIST_LOOSE_FROM;
    }

    boolean present(Digest digest) {
      if (writer.holds(digest) || packs.find(digest) != null) {
        return true;
      }
      long[] listed = listedLoose();
      if (listed != null && java.util.Arrays.binarySearch(listed, prefix(digest)) < 0) {
        return false;
      }
      return store.exists(keyOf(digest));
    }

    private long[] listedLoose() {
      if (!listLoose) {
        return null;
      }
      if (!looseListed) {
        synchronized (this) {
          if (!looseListed) {
            loosePrefixes = listLoosePrefixes();
            looseListed = true;
          }
        }
      }
      return loosePrefixes;
    }

    private long[] listLoosePrefixes() {
      long[] prefixes = new long[1024];
      int count = 0;
      try (Stream<BlobInfo> keys = store.listAll(LOOSE_PREFIX)) {
        for (java.util.Iterator<BlobInfo> it = keys.iterator(); it.hasNext(); ) {
          String key = it.next().key().value();
          if (key.length() != LOOSE_PREFIX.length() + 65 || key.charAt(LOOSE_PREFIX.length() + 2) != '/') {
            continue;
          }
          if (count == MAX_LISTED_LOOSE) {
            return null;
          }
          if (count == prefixes.length) {
            prefixes = java.util.Arrays.copyOf(prefixes, count * 2);
          }
          prefixes[count++] = Long.parseUnsignedLong(key.substring(LOOSE_PREFIX.length(), LOOSE_PREFIX.length() + 2)
              + key.substring(LOOSE_PREFIX.length() + 3, LOOSE_PREFIX.length() + 17), 16);
        }
      } catch (NumberFormatException e) {
        return null; // a key that is not a digest: ask for each object instead
      }
      long[] sorted = java.util.Arrays.copyOf(prefixes, count);
      java.util.Arrays.sort(sorted);
      return sorted;
    }
  }

  private static long prefix(Digest digest) {
    return Long.parseUnsignedLong(digest.hex().substring(0, 16), 16);
  }

  /**
   * Returns whether an object is stored, loose or packed.
   *
   * @param digest the digest
   * @return {@code true} if stored
   */
  public boolean contains(Digest digest) {
    return locate(digest, true) != null;
  }

  /**
   * Returns an object's size.
   *
   * @param digest the digest
   * @return the size in bytes
   * @throws ObjectNotFoundException if the object is not stored
   */
  public long size(Digest digest) {
    Location location = locate(digest, true);
    if (location == null) {
      throw new ObjectNotFoundException(digest.toString(), store.displayLocation());
    }
    return location.size();
  }

  /**
   * Opens an object for reading, loose or packed. The stream checks the digest when it reaches
   * the end and throws {@link dev.pedigree.exceptions.IntegrityException} there if the content
   * changed.
   *
   * @param digest the digest
   * @return a stream the caller closes
   * @throws ObjectNotFoundException if the object is not stored
   */
  public InputStream open(Digest digest) {
    InvalidRequestException.requireNonNull(digest, "digest");
    // Twice at most: a pack or loose object may be removed by a repack between finding and reading it.
    for (int attempt = 1; ; attempt++) {
      Location location = locate(digest, true);
      if (location == null) {
        throw new ObjectNotFoundException(digest.toString(), store.displayLocation());
      }
      try {
        if (location instanceof Packed packed) {
          BlobKey pack = packed.hit().pack().packKey();
          return new VerifyingInputStream(store.read(pack, packed.hit().offset(), packed.hit().length()), digest,
              pack.value() + "@" + packed.hit().offset());
        }
        BlobKey key = ((Loose) location).key();
        return new VerifyingInputStream(store.read(key), digest, key.value());
      } catch (BlobNotFoundException e) {
        if (attempt == 2) {
          throw new ObjectNotFoundException(digest.toString(), store.displayLocation());
        }
        packs.refresh();
      }
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
   * what registering a stored directory needs before it trusts the manifest. No request for a
   * packed entry, one stat per loose one.
   *
   * @param digest the manifest's digest, for the message
   * @param manifest the manifest
   * @throws InvalidManifestException naming the missing or mis-sized entries
   */
  public void requireComplete(Digest digest, Manifest manifest) {
    List<String> problems = new ArrayList<>();
    int found = 0;
    for (ManifestEntry entry : manifest.entries()) {
      // Through the one place that finds objects: packed entries cost no request.
      Location info = locate(entry.digest(), true);
      String problem = info == null ? "'" + entry.path() + "' names object " + entry.digest().shortHex()
          + ", which is not stored" : info.size() != entry.size() ? "'" + entry.path() + "' claims "
          + entry.size() + " bytes but its object holds " + info.size() : null;
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
   * Streams the digests of every stored object, loose and packed, each once, in ascending order.
   *
   * @return a lazy stream (the pack indexes are read first)
   */
  public Stream<Digest> list() {
    List<java.util.Iterator<Digest>> sources = new ArrayList<>();
    sources.add(store.listAll(LOOSE_PREFIX).map(info -> {
      String key = info.key().value();
      return new Digest(key.substring(8, 10) + key.substring(11));
    }).iterator());
    for (PackIndex pack : packs.all()) {
      sources.add(java.util.stream.IntStream.range(0, pack.size()).mapToObj(pack::digest).iterator());
    }
    return SortedMerge.distinct(sources);
  }

  // ---- packs, for garbage collection ---------------------------------------------------------

  /**
   * Lists the packs in the store, read afresh.
   *
   * @return every pack with its object count and size
   */
  public List<PackSummary> packs() {
    return packs.all().stream().map(ObjectStore::summary).toList();
  }

  /**
   * Streams the objects in one pack with their sizes, in ascending order of digest.
   *
   * @param pack the pack's name, as {@link PackSummary#name()} gives it
   * @return the objects
   * @throws ObjectNotFoundException if there is no such pack (any more)
   */
  public Stream<StoredObject> packObjects(Digest pack) {
    PackIndex index = packIndex(pack);
    return java.util.stream.IntStream.range(0, index.size())
        .mapToObj(i -> new StoredObject(index.digest(i), index.length(i)));
  }

  /**
   * Repacks: copies the objects of the given packs that {@code keep} accepts into new packs,
   * verified, publishes those, and only then deletes the old packs (each index before its
   * pack), so every kept object stays findable throughout; a reader that found an object in an
   * old pack finds it again in the new one. An object is not copied when it is stored
   * elsewhere too (loose, or in a pack not being repacked). Deciding what to keep, and keeping
   * what a concurrent writer may be about to name, is the caller's part (garbage collection's
   * grace period); this method drops exactly what {@code keep} rejects.
   *
   * @param packNames the packs to rewrite
   * @param keep which objects to carry over
   * @return what was kept and dropped
   * @throws ObjectNotFoundException if a pack does not exist
   */
  public RepackResult repack(java.util.Collection<Digest> packNames, java.util.function.Predicate<Digest> keep) {
    InvalidRequestException.requireNonNull(keep, "keep");
    List<PackIndex> old = new ArrayList<>();
    for (Digest name : packNames) {
      old.add(packIndex(name));
    }
    java.util.Set<Digest> rewritten = new java.util.HashSet<>(packNames);
    PackWriter writer = new PackWriter(packs);
    long kept = 0;
    java.util.Set<Digest> dropped = new java.util.HashSet<>();
    long droppedBytes = 0;
    for (PackIndex pack : old) {
      for (int i = 0; i < pack.size(); i++) {
        Digest digest = pack.digest(i);
        if (!keep.test(digest)) {
          if (dropped.add(digest)) {
            droppedBytes += pack.length(i);
          }
          continue;
        }
        kept++;
        if (writer.holds(digest) || storedOutside(digest, rewritten)) {
          continue;
        }
        byte[] content;
        try (InputStream in = new VerifyingInputStream(store.read(pack.packKey(), pack.offset(i), pack.length(i)),
            digest, pack.packKey().value() + "@" + pack.offset(i))) {
          content = in.readAllBytes();
        } catch (IOException e) {
          throw new StorageException("Cannot repack object " + digest + " of pack " + pack.pack().hex() + ": "
              + e.getMessage() + "; nothing was deleted, try again", e);
        }
        writer.add(digest, content, content.length);
      }
    }
    writer.flush();
    for (PackIndex pack : old) {
      packs.delete(pack);
    }
    LOG.info("Repacked {} packs: kept {} objects ({}), dropped {} ({} bytes)", old.size(), kept, writer.summary(),
        dropped.size(), droppedBytes);
    return new RepackResult(old.size(), kept, dropped, droppedBytes);
  }

  /**
   * Garbage collection's seam for packs: rewrites each of the given packs in which the objects
   * {@code dead} accepts make up at least {@code minDeadFraction} of the bytes, carrying the
   * others over (see {@link #repack}); packs with fewer dead bytes stay as they are, dead objects
   * and all, and packs that are gone already (another collection rewrote them) are skipped. So
   * a collector learns exactly which packed objects are gone from {@link RepackResult#dropped()},
   * and must treat the other dead ones as still stored (write any "deleted" marker only after
   * this returns).
   *
   * @param among the packs to consider, by name as {@link PackSummary#name()} gives it
   * @param dead the objects nothing needs any more, as garbage collection proved them
   * @param minDeadFraction from which share of dead bytes a pack is rewritten, in (0, 1]
   * @return what was rewritten and dropped
   * @throws InvalidRequestException if the fraction is out of range
   */
  public RepackResult repackMostlyDead(java.util.Collection<Digest> among, java.util.function.Predicate<Digest> dead,
      double minDeadFraction) {
    InvalidRequestException.requireNonNull(among, "among");
    InvalidRequestException.requireNonNull(dead, "dead");
    if (!(minDeadFraction > 0 && minDeadFraction <= 1)) {
      throw new InvalidRequestException("Cannot repack with a dead fraction of " + minDeadFraction
          + ": it must be above 0 and at most 1; pass for instance 0.5 to rewrite packs that are half dead");
    }
    java.util.Set<Digest> wanted = new java.util.HashSet<>(among);
    List<Digest> chosen = new ArrayList<>();
    for (PackIndex pack : packs.all()) {
      if (!wanted.contains(pack.pack())) {
        continue;
      }
      long deadBytes = 0;
      long total = 0;
      boolean anyDead = false;
      for (int i = 0; i < pack.size(); i++) {
        total += pack.length(i);
        if (dead.test(pack.digest(i))) {
          deadBytes += pack.length(i);
          anyDead = true;
        }
      }
      if (anyDead && deadBytes >= minDeadFraction * total) {
        chosen.add(pack.pack());
      }
    }
    if (chosen.isEmpty()) {
      return new RepackResult(0, 0, java.util.Set.of(), 0);
    }
    return repack(chosen, dead.negate());
  }

  /**
   * Returns which of the given objects are not stored right now: unlike {@link #contains}, it
   * first reads the list of packs afresh, so a pack another process rewrote or removed since
   * this one last looked does not count. Garbage collection's writer check uses it, once the
   * collector has noted an object deleted.
   *
   * @param digests the objects
   * @return those not stored, in the order given
   */
  public List<Digest> missingNow(java.util.Collection<Digest> digests) {
    InvalidRequestException.requireNonNull(digests, "digests");
    if (digests.isEmpty()) {
      return List.of();
    }
    packs.refresh();
    List<Digest> missing = new ArrayList<>();
    for (Digest digest : digests) {
      if (locate(digest, false) == null) {
        missing.add(digest);
      }
    }
    return missing;
  }

  private boolean storedOutside(Digest digest, java.util.Set<Digest> rewritten) {
    byte[] raw = PackIndex.raw(digest);
    for (PackIndex pack : packs.current()) {
      if (!rewritten.contains(pack.pack()) && pack.find(raw) >= 0) {
        return true;
      }
    }
    return store.exists(keyOf(digest));
  }

  private PackIndex packIndex(Digest name) {
    InvalidRequestException.requireNonNull(name, "pack");
    for (PackIndex pack : packs.all()) {
      if (pack.pack().equals(name)) {
        return pack;
      }
    }
    throw new ObjectNotFoundException(name.toString(), store.location() + PackIndex.PREFIX);
  }

  private static PackSummary summary(PackIndex pack) {
    return new PackSummary(pack.pack(), pack.size(), pack.objectBytes());
  }

  /**
   * Streams every loose object with the bytes it occupies, in digest order: what garbage
   * collection sweeps one by one. Packed objects are not listed here: collection reads them
   * pack by pack ({@link #packs()}, {@link #packObjects}) and rewrites a pack whole
   * ({@link #repackMostlyDead}).
   *
   * @return a lazy stream
   */
  public Stream<StoredObject> inventory() {
    return store.listAll(LOOSE_PREFIX).map(info -> {
      String key = info.key().value();
      return new StoredObject(new Digest(key.substring(8, 10) + key.substring(11)), info.size());
    });
  }

  /**
   * Removes an object from the store. Only garbage collection calls this, once it has proven
   * that nothing reaches the object and no writer claimed it; everything else treats objects
   * as immutable and permanent.
   *
   * @param object the object, as {@link #inventory()} listed it
   * @return the bytes freed: the object's size, or 0 if it was already gone
   */
  public long remove(StoredObject object) {
    return store.delete(keyOf(object.digest())) ? object.size() : 0;
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
