package dev.pedigree.objects;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.internal.SafePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local files as the object layer sees them: one walk of a directory with one {@code lstat} per
 * entry (which on POSIX systems also gives the permissions), the metadata signature of a whole
 * directory, and the digest of a file or directory through a {@link StatCache} — the digest a
 * directory's manifest would have if ingested, computed from metadata alone when the cache
 * knows every file. Used both to ingest a directory and to fingerprint a pipeline's local input,
 * so the two always agree.
 */
final class LocalFiles {
  /** How often, in files, progress is reported. */
  static final int PROGRESS_EVERY = 10_000;

  private static final String SEPARATOR = java.io.File.separator;

  private LocalFiles() {
  }

  /** A regular file found by a walk, with its metadata. */
  record LocalFile(Path file, String relative, BasicFileAttributes attributes, boolean executable) {
  }

  /**
   * Returns the digest of a local file, or of a directory's manifest, through the cache.
   *
   * @param cache the stat cache
   * @param path an absolute path
   * @param progress receives progress
   * @return the digest
   */
  static Digest digest(StatCache cache, Path path, StatCache.Progress progress) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new StorageException("Cannot read local input " + path + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    if (attributes.isDirectory()) {
      return directory(cache, path, progress);
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
    return digest;
  }

  private static Digest directory(StatCache cache, Path root, StatCache.Progress progress) {
    List<LocalFile> files = scan(root, "read local input", progress);
    Digest signature = signature(files);
    Optional<Digest> known = cache.lookupDirectory(root, signature);
    if (known.isPresent()) {
      progress.report(files.size(), 0, true);
      return known.get();
    }
    List<ManifestEntry> entries = new ArrayList<>(files.size());
    List<LocalFile> misses = new ArrayList<>();
    for (LocalFile file : files) {
      Optional<Digest> digest = cache.lookup(file.file, file.attributes);
      if (digest.isPresent()) {
        entries.add(new ManifestEntry(file.relative, digest.get(), file.attributes.size(), file.executable));
      } else {
        misses.add(file);
      }
    }
    List<ManifestEntry> hashed = (misses.size() > 1 ? misses.parallelStream() : misses.stream()).map(miss -> {
      Digest digest = Digest.of(miss.file);
      cache.record(miss.file, miss.attributes, digest);
      return new ManifestEntry(miss.relative, digest, miss.attributes.size(), miss.executable);
    }).toList();
    entries.addAll(hashed);
    progress.report(files.size(), misses.size(), true);
    Digest digest = Digest.of(Manifest.of(entries).toJson());
    cache.prune(root, files);
    // Remember the whole directory only if every file is now remembered (none was too recent to trust).
    if (misses.stream().allMatch(m -> cache.lookup(m.file, m.attributes).isPresent())) {
      cache.recordDirectory(root, signature, digest);
    }
    return digest;
  }

  /**
   * Lists every regular file under a directory with its metadata, sorted by relative path,
   * sub-directories of the top level listed in parallel; refuses symbolic links, special files
   * and names that cannot be stored safely.
   *
   * @param root the directory
   * @param verb what the caller does, for messages ("ingest", "read local input")
   * @param progress receives the count of files seen
   * @return the files
   */
  static List<LocalFile> scan(Path root, String verb, StatCache.Progress progress) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new StorageException("Cannot " + verb + " directory " + root + ": it is not a directory"
          + " (or is a symbolic link); pass the path of a real directory");
    }
    String rootText = root.toString();
    boolean posix = Files.getFileAttributeView(root, PosixFileAttributeView.class) != null;
    List<Path> top = new ArrayList<>();
    List<LocalFile> files = new ArrayList<>();
    listInto(root, rootText, posix, verb, files, top);
    AtomicLong seen = new AtomicLong(files.size());
    List<List<LocalFile>> nested = top.parallelStream().map(dir -> {
      List<LocalFile> found = new ArrayList<>();
      List<Path> dirs = new ArrayList<>();
      dirs.add(dir);
      while (!dirs.isEmpty()) {
        Path next = dirs.remove(dirs.size() - 1);
        int before = found.size();
        listInto(next, rootText, posix, verb, found, dirs);
        long total = seen.addAndGet(found.size() - before);
        if (total / PROGRESS_EVERY != (total - (found.size() - before)) / PROGRESS_EVERY) {
          progress.report(total, 0, false);
        }
      }
      return found;
    }).toList();
    nested.forEach(files::addAll);
    files.sort(Comparator.comparing(LocalFile::relative));
    return files;
  }

  private static void listInto(Path dir, String rootText, boolean posix, String verb, List<LocalFile> files,
      List<Path> dirs) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes = posix
            ? Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String relative = relativeName(rootText, entry);
        if (attributes.isDirectory()) {
          dirs.add(entry);
        } else if (attributes.isSymbolicLink()) {
          throw new UnsafePathException(relative, "Cannot " + verb + " " + entry
              + ": it is a symbolic link, and a dataset's content must be its own; replace it with the file it points to");
        } else if (!attributes.isRegularFile()) {
          throw new UnsafePathException(relative, "Cannot " + verb + " " + entry
              + ": it is not a regular file (a device, socket or pipe); remove it from the directory");
        } else {
          String problem = SafePaths.relativePathProblem(relative);
          if (problem != null) {
            throw new UnsafePathException(relative, "Cannot " + verb + " " + entry + ": " + problem + "; rename the file");
          }
          files.add(new LocalFile(entry, relative, attributes, executable(entry, attributes)));
        }
      }
    } catch (IOException e) {
      throw new StorageException("Cannot " + verb + " " + dir + ": listing it failed (" + e.getMessage()
          + "); check that it exists and is readable", e);
    }
  }

  /** The digest of every file's path and metadata, in path order: equal signatures mean no file's metadata changed. */
  static Digest signature(List<LocalFile> files) {
    MessageDigest sha256 = Digest.newSha256();
    StringBuilder line = new StringBuilder(256);
    for (LocalFile file : files) {
      line.setLength(0);
      line.append(file.relative).append('\0').append(file.attributes.size()).append('\0')
          .append(file.attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('\0')
          .append(StatCache.fileKey(file.attributes)).append('\0').append(file.executable ? 'x' : '-').append('\n');
      sha256.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Digest.fromBytes(sha256.digest());
  }

  /** On Linux and macOS the walk's attributes already hold the permissions. */
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
}
