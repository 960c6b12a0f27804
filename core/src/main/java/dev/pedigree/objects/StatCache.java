package dev.pedigree.objects;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileDigestCache} kept in a local file, as git keeps its index: for each file, its
 * absolute path, size, modification time (nanoseconds) and file key (device and inode where
 * the platform has them) with the digest its content had. A lookup answers only when all four
 * match exactly, so a file whose metadata changed is always hashed again.
 *
 * <p>A file modified less than {@link #RACY_WINDOW} before it was hashed is not remembered:
 * filesystems stamp modification times with a coarse clock, and a second write within the
 * same tick, of the same size, would otherwise look unchanged (git calls such entries
 * "racily clean"). Such a file is simply hashed again next time.
 *
 * <p>It also remembers, per directory read as a pipeline input, the directory's digest under a
 * signature of all its files' metadata (path, size, modification time, file key, mode). A
 * directory is remembered only when every one of its files was, so an equal signature means
 * every file would be a cache hit: the no-op check of a large directory then costs one
 * {@code lstat} per file and one hash over the metadata, and does not even read the file
 * entries of the cache. Added, removed or changed files change the signature.
 *
 * <p>The cache is only an optimisation: deleting its file, or a file that cannot be parsed,
 * costs a re-hash and nothing else. {@link #save()} replaces the file atomically (a complete
 * temporary file moved into place), so a crash leaves the old or the new cache, never half of
 * one. Thread-safe.
 *
 * <p>Entries for files that a later walk of their directory no longer finds are pruned, so
 * the cache does not grow with files long deleted.
 *
 * <pre>{@code
 * StatCache cache = StatCache.open(Path.of(".pedigree/stat-cache"));
 * DirectorySnapshot snapshot = new ObjectStore(blobStore).ingestDirectory(Path.of("data"), cache);
 * Digest same = cache.digestOf(Path.of("data").toAbsolutePath(), StatCache.Progress.NONE); // metadata only
 * cache.save();
 * }</pre>
 */
public final class StatCache implements FileDigestCache {
  /** Receives progress while a local file or directory is digested. */
  @FunctionalInterface
  public interface Progress {
    /** Reports nothing. */
    Progress NONE = (done, hashed, finished) -> { };

    /**
     * Reports progress.
     *
     * @param done how many files were checked so far
     * @param hashed how many of them had to be read because the cache did not know them
     * @param finished whether the file or directory is complete
     */
    void report(long done, long hashed, boolean finished);
  }

  /** How recently modified a file may be and still be remembered. */
  public static final Duration RACY_WINDOW = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(StatCache.class);
  private static final String HEADER = "pedigree-stat-cache/1";

  private final Path file;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, DirectoryEntry> directories = new ConcurrentHashMap<>();
  private final AtomicBoolean changed = new AtomicBoolean();
  /** File entries are read on first need: a no-op check answered by a directory entry never reads them. */
  private volatile boolean filesLoaded;

  private StatCache(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Opens the cache kept in a file, reading it if it exists. A file that cannot be parsed is
   * ignored (with a warning) and replaced on {@link #save()}.
   *
   * @param file the cache file, such as {@code .pedigree/stat-cache}
   * @return the cache
   */
  public static StatCache open(Path file) {
    return open(file, Clock.systemUTC());
  }

  static StatCache open(Path file, Clock clock) {
    StatCache cache = new StatCache(InvalidRequestException.requireNonNull(file, "file").toAbsolutePath(), clock);
    cache.load();
    return cache;
  }

  /**
   * Returns the file the cache is kept in.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * Returns how many files the cache knows.
   *
   * @return the number of entries
   */
  public int size() {
    loadFiles();
    return entries.size();
  }

  @Override
  public Optional<Digest> lookup(Path path, BasicFileAttributes attributes) {
    loadFiles();
    Entry entry = entries.get(key(path));
    if (entry == null || !entry.matches(attributes)) {
      return Optional.empty();
    }
    return Optional.of(entry.digest);
  }

  @Override
  public void record(Path path, BasicFileAttributes attributes, Digest digest) {
    loadFiles();
    String key = key(path);
    long mtime = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Instant now = clock.instant();
    long nowNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    String fileKey = fileKey(attributes);
    if (nowNanos - mtime < RACY_WINDOW.toNanos() || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0
        || fileKey.indexOf(' ') >= 0 || fileKey.indexOf('\n') >= 0) {
      if (entries.remove(key) != null) {
        changed.set(true);
      }
      return;
    }
    Entry entry = new Entry(attributes.size(), mtime, fileKey, InvalidRequestException.requireNonNull(digest, "digest"));
    if (!entry.equals(entries.put(key, entry))) {
      changed.set(true);
    }
  }

  /**
   * Writes the cache to its file if it changed, atomically, creating the folder if needed.
   *
   * @throws StorageException if the file cannot be written
   */
  public void save() {
    if (!changed.get()) {
      return;
    }
    loadFiles();
    changed.set(false);
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
      try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
        out.write(HEADER);
        out.write('\n');
        for (Map.Entry<String, DirectoryEntry> e : directories.entrySet()) {
          out.write("D ");
          out.write(e.getValue().signature.hex());
          out.write(' ');
          out.write(e.getValue().digest.hex());
          out.write(' ');
          out.write(e.getKey());
          out.write('\n');
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
          Entry v = e.getValue();
          out.write(v.digest.hex());
          out.write(' ');
          out.write(Long.toString(v.size));
          out.write(' ');
          out.write(Long.toString(v.mtimeNanos));
          out.write(' ');
          out.write(v.fileKey.isEmpty() ? "-" : v.fileKey);
          out.write(' ');
          out.write(e.getKey());
          out.write('\n');
        }
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      changed.set(true);
      throw new StorageException("Cannot save the stat cache " + file + ": " + e.getMessage()
          + "; check that the folder is writable (the cache only saves re-hashing, so it may also be disabled)", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warn("Could not delete temporary stat cache file {}: {}", temp, e.toString());
        }
      }
    }
  }

  /**
   * Returns the digest a local file has, or the digest a directory's manifest would have once
   * ingested, reading only metadata for every file the cache knows and hashing the others
   * (nothing is stored). A directory whose files all match the cache costs one {@code lstat}
   * per file.
   *
   * @param path an absolute path to a file or directory
   * @param progress receives progress
   * @return the digest
   * @throws StorageException if the path cannot be read
   * @throws dev.pedigree.exceptions.UnsafePathException if the directory holds a symbolic link,
   *     a special file or a name that cannot be stored
   */
  public Digest digestOf(Path path, Progress progress) {
    return LocalFiles.digest(this, InvalidRequestException.requireNonNull(path, "path"),
        InvalidRequestException.requireNonNull(progress, "progress"));
  }

  /**
   * Forgets every file under a directory that its latest walk did not find.
   *
   * @param directory the directory walked
   * @param found every file the walk found
   */
  void prune(Path directory, java.util.List<LocalFiles.LocalFile> found) {
    loadFiles();
    String prefix = key(directory);
    prefix = prefix.endsWith(java.io.File.separator) ? prefix : prefix + java.io.File.separator;
    java.util.Set<String> present = new java.util.HashSet<>(found.size() * 2);
    for (LocalFiles.LocalFile file : found) {
      present.add(key(file.file()));
    }
    for (java.util.Iterator<String> keys = entries.keySet().iterator(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.startsWith(prefix) && !present.contains(key)) {
        keys.remove();
        changed.set(true);
      }
    }
  }

  /**
   * Returns the digest recorded for a directory whose files' metadata, all of it, hashes to
   * the given signature.
   *
   * @param directory the directory
   * @param signature the digest of every file's path, size, modification time, file key and
   *     mode, in path order
   * @return the directory's digest, or empty
   */
  Optional<Digest> lookupDirectory(Path directory, Digest signature) {
    DirectoryEntry entry = directories.get(key(directory));
    return entry != null && entry.signature.equals(signature) ? Optional.of(entry.digest) : Optional.empty();
  }

  /**
   * Records a directory's digest under the signature of its files' metadata. Call it only
   * when every file was answered by, or is now remembered in, this cache: then the same
   * signature later means every file would be a cache hit again.
   *
   * @param directory the directory
   * @param signature the metadata signature
   * @param digest the directory's digest
   */
  void recordDirectory(Path directory, Digest signature, Digest digest) {
    String key = key(directory);
    if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
      return;
    }
    DirectoryEntry entry = new DirectoryEntry(signature, digest);
    if (!entry.equals(directories.put(key, entry))) {
      changed.set(true);
    }
  }

  /** Reads the header and the directory entries, which come first; file entries wait for {@link #loadFiles()}. */
  private void load() {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (!HEADER.equals(header)) {
        LOG.warn("Ignoring stat cache {}: it does not start with '{}'; every file will be hashed again", file, HEADER);
        discard();
        return;
      }
      String line;
      int number = 1;
      while ((line = in.readLine()) != null && line.startsWith("D ")) {
        number++;
        if (line.length() < 2 + 64 + 1 + 64 + 2 || line.charAt(66) != ' ' || line.charAt(131) != ' ') {
          throw new InvalidRequestException("line " + number + " is not 'D signature digest path'");
        }
        directories.put(line.substring(132), new DirectoryEntry(new Digest(line.substring(2, 66)),
            new Digest(line.substring(67, 131))));
      }
    } catch (NoSuchFileException e) {
      LOG.debug("No stat cache at {} yet", file);
      filesLoaded = true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring stat cache {}: {}; every file will be hashed again and the cache rewritten", file, e.toString());
      discard();
    }
  }

  private void loadFiles() {
    if (filesLoaded) {
      return;
    }
    synchronized (this) {
      if (filesLoaded) {
        return;
      }
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        in.readLine();
        String line;
        int number = 1;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.startsWith("D ")) {
            continue;
          }
          int a = line.indexOf(' ');
          int b = line.indexOf(' ', a + 1);
          int c = line.indexOf(' ', b + 1);
          int d = line.indexOf(' ', c + 1);
          if (a != 64 || b < 0 || c < 0 || d < 0) {
            throw new InvalidRequestException("line " + number + " is not 'digest size mtime filekey path'");
          }
          String fileKey = line.substring(c + 1, d);
          entries.put(line.substring(d + 1), new Entry(Long.parseLong(line.substring(a + 1, b)),
              Long.parseLong(line.substring(b + 1, c)), fileKey.equals("-") ? "" : fileKey,
              new Digest(line.substring(0, a))));
        }
      } catch (NoSuchFileException e) {
        LOG.debug("The stat cache {} disappeared; every file will be hashed again", file);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Ignoring stat cache {}: {}; every file will be hashed again and the cache rewritten", file, e.toString());
        discard();
      }
      filesLoaded = true;
    }
  }

  private void discard() {
    entries.clear();
    directories.clear();
    changed.set(true);
    filesLoaded = true;
  }

  /** Absolute paths are used as given (the pipeline's are already normal); others are made absolute and normal. */
  private static String key(Path path) {
    return path.isAbsolute() ? path.toString() : path.toAbsolutePath().normalize().toString();
  }

  static String fileKey(BasicFileAttributes attributes) {
    Object key = attributes.fileKey();
    return key == null ? "" : key.toString();
  }

  private record DirectoryEntry(Digest signature, Digest digest) {
  }

  private record Entry(long size, long mtimeNanos, String fileKey, Digest digest) {
    boolean matches(BasicFileAttributes attributes) {
      return attributes.size() == size && attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) == mtimeNanos
          && StatCache.fileKey(attributes).equals(fileKey);
    }
  }
}
