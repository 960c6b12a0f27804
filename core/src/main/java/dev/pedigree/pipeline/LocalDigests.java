package dev.pedigree.pipeline;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Digests of local inputs, read through a stat cache and never stored: a file's digest is its
 * content's SHA-256; a directory's is the digest its manifest would have if ingested with
 * {@code ObjectStore.ingestDirectory}, computed from file metadata alone when the cache knows
 * every file.
 */
final class LocalDigests {
  /** How often, in files, progress is reported. */
  static final int PROGRESS_EVERY = 10_000;

  /** Receives progress: files checked, files hashed, done. */
  interface Progress {
    void report(long done, long hashed, boolean finished);
  }

  private static final String SEPARATOR = java.io.File.separator;

  private final StatCache cache;

  LocalDigests(StatCache cache) {
    this.cache = cache;
  }

  /**
   * Returns the fingerprint token of a local input: {@code file:<digest>} or {@code dir:<digest>}.
   *
   * @param path an absolute path
   * @param progress receives progress
   * @return the token
   */
  String token(Path path, Progress progress) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new StorageException("Cannot read local input " + path + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    if (attributes.isDirectory()) {
      return "dir:" + directory(path, progress);
    }
    Optional<Digest> known = cache.lookup(path, attributes);
    Digest digest;
    if (known.isPresent()) {
      digest = known.get();
    } else {
      digest = Digest.of(path);
      cache.record(path, attributes, digest);
    }
    progress.report(1, known.isPresent() ? 0 : 1, true);
    return "file:" + digest;
  }

  Digest directory(Path root, Progress progress) {
    List<Miss> files = list(root, progress);
    files.sort(Comparator.comparing(Miss::relative));
    Digest signature = signature(files);
    Optional<Digest> known = cache.lookupDirectory(root, signature);
    if (known.isPresent()) {
      progress.report(files.size(), 0, true);
      return known.get();
    }
    List<ManifestEntry> entries = new ArrayList<>(files.size());
    List<Miss> misses = new ArrayList<>();
    for (Miss file : files) {
      Optional<Digest> digest = cache.lookup(file.file, file.attributes);
      if (digest.isPresent()) {
        entries.add(new ManifestEntry(file.relative, digest.get(), file.attributes.size(), file.executable));
      } else {
        misses.add(file);
      }
    }
    List<ManifestEntry> hashed = misses.size() > 1
        ? misses.parallelStream().map(this::hashMiss).toList()
        : misses.stream().map(this::hashMiss).toList();
    entries.addAll(hashed);
    progress.report(files.size(), misses.size(), true);
    Digest digest = Digest.of(Manifest.of(entries).toJson());
    // Remember the whole directory only if every file is now remembered (none was too recent to trust).
    if (misses.stream().allMatch(m -> cache.lookup(m.file, m.attributes).isPresent())) {
      cache.recordDirectory(root, signature, digest);
    }
    return digest;
  }

  /**
   * Lists every regular file under a directory with its metadata, one {@code lstat} per entry
   * (which on POSIX systems also gives the permissions), sub-directories of the top level
   * listed in parallel.
   */
  private static List<Miss> list(Path root, Progress progress) {
    String rootText = root.toString();
    boolean posix = Files.getFileAttributeView(root, PosixFileAttributeView.class) != null;
    List<Path> top = new ArrayList<>();
    List<Miss> files = new ArrayList<>();
    listInto(root, rootText, posix, files, top);
    AtomicLong seen = new AtomicLong(files.size());
    List<List<Miss>> nested = top.parallelStream().map(dir -> {
      List<Miss> found = new ArrayList<>();
      List<Path> dirs = new ArrayList<>();
      dirs.add(dir);
      while (!dirs.isEmpty()) {
        Path next = dirs.remove(dirs.size() - 1);
        int before = found.size();
        listInto(next, rootText, posix, found, dirs);
        long total = seen.addAndGet(found.size() - before);
        if (total / PROGRESS_EVERY != (total - (found.size() - before)) / PROGRESS_EVERY) {
          progress.report(total, 0, false);
        }
      }
      return found;
    }).toList();
    nested.forEach(files::addAll);
    return files;
  }

  private static void listInto(Path dir, String rootText, boolean posix, List<Miss> files, List<Path> dirs) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes = posix
            ? Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String relative = relativeName(rootText, entry);
        if (attributes.isDirectory()) {
          dirs.add(entry);
        } else if (attributes.isSymbolicLink()) {
          throw new UnsafePathException(relative, "Cannot read local input " + entry
              + ": it is a symbolic link, and a dataset's content must be its own; replace it with the file it points to");
        } else if (!attributes.isRegularFile()) {
          throw new UnsafePathException(relative, "Cannot read local input " + entry
              + ": it is not a regular file (a device, socket or pipe); remove it from the directory");
        } else {
          files.add(new Miss(entry, relative, attributes, executable(entry, attributes)));
        }
      }
    } catch (IOException e) {
      throw new StorageException("Cannot list local input " + dir + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
  }

  /** The digest of every file's path and metadata, in path order: equal signatures mean no file's metadata changed. */
  static Digest signature(List<Miss> files) {
    MessageDigest sha256 = Digest.newSha256();
    StringBuilder line = new StringBuilder(256);
    for (Miss file : files) {
      line.setLength(0);
      line.append(file.relative).append('\0').append(file.attributes.size()).append('\0')
          .append(file.attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('\0')
          .append(StatCache.fileKey(file.attributes)).append('\0').append(file.executable ? 'x' : '-').append('\n');
      sha256.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Digest.fromBytes(sha256.digest());
  }

  private ManifestEntry hashMiss(Miss miss) {
    Digest digest = Digest.of(miss.file);
    cache.record(miss.file, miss.attributes, digest);
    return new ManifestEntry(miss.relative, digest, miss.attributes.size(), miss.executable);
  }

  /** As ObjectStore decides it; on Linux and macOS the walk's attributes already hold the permissions. */
  private static boolean executable(Path file, BasicFileAttributes attributes) {
    if (attributes instanceof PosixFileAttributes posix) {
      return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }
    return Files.isExecutable(file);
  }

  private static String relativeName(String root, Path file) {
    String relative = file.toString().substring(root.endsWith(SEPARATOR) ? root.length() : root.length() + 1);
    return SEPARATOR.equals("/") ? relative : relative.replace(SEPARATOR, "/");
  }

  private record Miss(Path file, String relative, BasicFileAttributes attributes, boolean executable) {
  }
}
