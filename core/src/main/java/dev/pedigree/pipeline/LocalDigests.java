package dev.pedigree.pipeline;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafePathException;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.FileDigestCache;
import dev.pedigree.objects.Manifest;
import dev.pedigree.objects.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

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

  private final FileDigestCache cache;

  LocalDigests(FileDigestCache cache) {
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
      digest = hash(path);
      cache.record(path, attributes, digest);
    }
    progress.report(1, known.isPresent() ? 0 : 1, true);
    return "file:" + digest;
  }

  Digest directory(Path root, Progress progress) {
    List<ManifestEntry> entries = new ArrayList<>();
    List<Miss> misses = new ArrayList<>();
    AtomicLong seen = new AtomicLong();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          if (attributes.isSymbolicLink()) {
            throw new UnsafePathException(root.relativize(file).toString(), "Cannot read local input " + file
                + ": it is a symbolic link, and a dataset's content must be its own; replace it with the file it points to");
          }
          if (!attributes.isRegularFile()) {
            throw new UnsafePathException(root.relativize(file).toString(), "Cannot read local input " + file
                + ": it is not a regular file (a device, socket or pipe); remove it from the directory");
          }
          String relative = relativeName(root, file);
          boolean executable = executable(file, attributes);
          Optional<Digest> known = cache.lookup(file, attributes);
          if (known.isPresent()) {
            entries.add(new ManifestEntry(relative, known.get(), attributes.size(), executable));
          } else {
            misses.add(new Miss(file, relative, attributes, executable));
          }
          long done = seen.incrementAndGet();
          if (done % PROGRESS_EVERY == 0) {
            progress.report(done, misses.size(), false);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StorageException("Cannot list local input " + root + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    List<ManifestEntry> hashed = misses.size() > 1
        ? misses.parallelStream().map(this::hashMiss).toList()
        : misses.stream().map(this::hashMiss).toList();
    entries.addAll(hashed);
    progress.report(seen.get(), misses.size(), true);
    return Digest.of(Manifest.of(entries).toJson());
  }

  private ManifestEntry hashMiss(Miss miss) {
    Digest digest = hash(miss.file);
    cache.record(miss.file, miss.attributes, digest);
    return new ManifestEntry(miss.relative, digest, miss.attributes.size(), miss.executable);
  }

  static Digest hash(Path file) {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot hash local input " + file + ": " + e.getMessage()
          + "; check that it is readable", e);
    }
    return Digest.fromBytes(sha256.digest());
  }

  /** As ObjectStore decides it; on Linux and macOS the walk's attributes already hold the permissions. */
  private static boolean executable(Path file, BasicFileAttributes attributes) {
    if (attributes instanceof PosixFileAttributes posix) {
      return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }
    return Files.isExecutable(file);
  }

  private static String relativeName(Path root, Path file) {
    StringBuilder name = new StringBuilder();
    for (Path part : root.relativize(file)) {
      if (name.length() > 0) {
        name.append('/');
      }
      name.append(part);
    }
    return name.toString();
  }

  private record Miss(Path file, String relative, BasicFileAttributes attributes, boolean executable) {
  }
}
