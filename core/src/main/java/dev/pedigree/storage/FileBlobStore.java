package dev.pedigree.storage;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend that keeps each key as a file in a local (or network) folder: key {@code a/b/c} is
 * the file {@code ROOT/a/b/c}. Several threads and several processes, on one machine or sharing
 * the folder over a network file system with working hard links, may use one folder at once: no
 * lock is held anywhere, every rule rests on atomic file system calls.
 *
 * <pre>{@code
 * BlobStore store = new FileBlobStore(Path.of("/var/lib/pedigree"));
 * BlobStore same = BlobStores.open("file:/var/lib/pedigree");
 * }</pre>
 *
 * <p>How writes stay safe:
 * <ul>
 *   <li>Content is first written to a new file in the staging folder {@value #STAGING_FOLDER}
 *       under the root, then forced to disk. The folder's name holds a space, which no key
 *       segment can, so it never collides with a key and is never listed.
 *   <li>{@link #createIfAbsent} then hard-links that file to the key's path. {@code link(2)}
 *       fails when the name exists, so of any number of racing creators exactly one wins and no
 *       one overwrites. The parent folder is forced to disk before the call returns.
 *   <li>{@link #write} renames the file over the key's path in one atomic step, so readers see
 *       the old content or the new, never a mix.
 *   <li>A process killed midway leaves at most a file in the staging folder, which readers never
 *       see. Staged files untouched for {@link #STALE_TEMPORARY_AGE} are deleted when a store is
 *       opened, and {@link #deleteStaleTemporaryFiles} does it on demand.
 * </ul>
 *
 * <p>Limits of a file system that the object stores do not have:
 * <ul>
 *   <li>A key cannot also be the folder of other keys: while {@code a/b} exists,
 *       {@code a/b/c} cannot be created, and the reverse. Such a write fails with a
 *       {@link StorageException} that says so; nothing is overwritten.
 *   <li>The file system must support hard links (ext4, XFS, btrfs, ZFS, APFS, NTFS and NFS do;
 *       FAT and exFAT do not). Without them {@link #createIfAbsent} fails with a
 *       {@link StorageException} rather than fall back to an unsafe check-then-rename.
 *   <li>It must be case-sensitive (keys {@code A} and {@code a} differ) and accept every
 *       printable ASCII character in names; a key segment is limited to the file system's name
 *       length (usually 255 bytes).
 *   <li>Files and folders put into the root by hand are listed as keys when their names are
 *       valid key segments.
 *   <li>Folders emptied by {@link #delete} are removed only where Java can remove a folder
 *       without any risk of removing a file created in its place meanwhile
 *       ({@link SecureDirectoryStream}: Linux, macOS); elsewhere (Windows) they stay, and an
 *       emptied folder then blocks a key of its own name.
 * </ul>
 */
public final class FileBlobStore implements BlobStore, SupportsStagedWrites, SupportsAbandonedUploads {
  /**
   * The name of the folder under the root that holds content not yet published; no key may start
   * with it, so listings never show it.
   */
  public static final String STAGING_FOLDER = BlobKey.RESERVED_SEGMENT;

  /**
   * The staging folder's name before 0.1.0 (its space kept it out of every key). Stores made then
   * keep working: it is never listed, and stale files in it are deleted like those in
   * {@link #STAGING_FOLDER}.
   */
  public static final String LEGACY_STAGING_FOLDER = ".pedigree staging";

  /** How long a staged file may stay untouched before opening a store deletes it. */
  public static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  private static final String TEMPORARY_SUFFIX = ".tmp";
  private static final int MAX_BUFFER = 1 << 20;
  private static final int MIN_BUFFER = 8 << 10;
  /** How many times a write retries after a folder on its path vanished under a concurrent delete. */
  private static final int MAX_ATTEMPTS = 100;

  private final Path root;
  private final Path staging;
  private final URI location;

  /**
   * Opens the store kept in a folder, creating the folder if it is missing, and deletes staged
   * files older than {@link #STALE_TEMPORARY_AGE} left by processes that died.
   *
   * @param root the folder
   * @throws BackendConfigurationException if {@code root} exists and is not a folder
   * @throws StorageException if the folder cannot be created or read
   */
  public FileBlobStore(Path root) {
    InvalidRequestException.requireNonNull(root, "root");
    this.root = root.toAbsolutePath().normalize();
    this.staging = this.root.resolve(STAGING_FOLDER);
    try {
      Files.createDirectories(this.root);
    } catch (FileAlreadyExistsException e) {
      throw new BackendConfigurationException("Cannot open store in " + this.root
          + ": it exists and is not a folder; pass a folder, or a path where one may be created", e);
    } catch (IOException e) {
      throw new StorageException("Cannot open store in " + this.root + ": the folder cannot be created (" + e
          + "); check the path and its permissions", e);
    }
    this.location = this.root.toUri(); // of an existing folder: ends in '/'
    int removed = deleteStaleTemporaryFiles(STALE_TEMPORARY_AGE);
    if (removed > 0) {
      LOG.debug("Deleted {} staged files older than {} in {}", removed, STALE_TEMPORARY_AGE, staging);
    }
  }

  /**
   * Returns the folder that holds the keys.
   *
   * @return the absolute, normalized root
   */
  public Path root() {
    return root;
  }

  @Override
  public URI location() {
    return location;
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes = attributesOrNull(path);
      return attributes != null && attributes.isRegularFile()
          ? Optional.of(new BlobInfo(key, attributes.size())) : Optional.empty();
    } catch (IOException e) {
      throw failure("stat key '" + key + "'", e);
    }
  }

  @Override
  public InputStream read(BlobKey key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes = attributesOrNull(path);
      if (attributes == null || !attributes.isRegularFile()) {
        throw new BlobNotFoundException(key.value(), location.toString());
      }
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      // Deleted between the check and the open.
      throw new BlobNotFoundException(key.value(), location.toString());
    } catch (IOException e) {
      throw failure("read key '" + key + "'", e);
    }
  }

  @Override
  public InputStream read(BlobKey key, long offset, long length) {
    BlobRanges.check(key, offset, length);
    Path path = pathOf(key);
    FileChannel channel = null;
    try {
      BasicFileAttributes attributes = attributesOrNull(path);
      if (attributes == null || !attributes.isRegularFile()) {
        throw new BlobNotFoundException(key.value(), location.toString());
      }
      channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(offset);
      return BlobRanges.exactly(java.nio.channels.Channels.newInputStream(channel), key, offset, length, location);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key.value(), location.toString());
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException f) {
          e.addSuppressed(f);
        }
      }
      throw failure("read a range of key '" + key + "'", e);
    }
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(content, "content");
    Path target = pathOf(key);
    Path temporary = newTemporaryFile(key);
    try {
      writeDurably(temporary, content, key, "write key '" + key + "' to");
      replace(temporary, target, key);
    } finally {
      discard(temporary);
    }
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(content, "content");
    Path target = pathOf(key);
    Path temporary = newTemporaryFile(key);
    try {
      writeDurably(temporary, content, key, "create key '" + key + "' in");
      return link(temporary, target, key);
    } finally {
      discard(temporary);
    }
  }

  /** Writes the content into a staged file and forces it to disk, before it is published. */
  private void writeDurably(Path temporary, BlobSource content, BlobKey key, String action) {
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      copy(content, out, key);
      out.force(true);
    } catch (IOException e) {
      throw new StorageException("Cannot " + action + " " + location + ": " + e
          + "; check the content's source and the free space of the file system", e);
    }
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    BlobKey.requireValidPrefix(prefix);
    if (maxKeys < 1) {
      throw new InvalidRequestException("Cannot list keys: maxKeys must be at least 1, was " + maxKeys
          + "; ask for one key or more");
    }
    try {
      return new FileKeyLister(root, startAfter, maxKeys, FileKeyLister.DEFAULT_SLACK).list(prefix);
    } catch (IOException e) {
      throw failure("list keys under '" + prefix + "'", e);
    }
  }

  @Override
  public boolean delete(BlobKey key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes = attributesOrNull(path);
      if (attributes == null || !attributes.isRegularFile()) {
        return false;
      }
      if (!deleteFileOnly(path)) {
        return false;
      }
      syncDirectoryIfPresent(path.getParent());
    } catch (IOException e) {
      throw failure("delete key '" + key + "'", e);
    }
    pruneEmptyFolders(path.getParent());
    return true;
  }

  @Override
  public StagedBlob stage() {
    Path temporary = newTemporaryFile(null);
    try {
      return new FileStagedBlob(this, temporary, FileChannel.open(temporary, StandardOpenOption.WRITE));
    } catch (IOException e) {
      discard(temporary);
      throw failure("stage content", e);
    }
  }

  /**
   * Deletes the staged files, left by processes that died while writing, that were last modified
   * longer ago than {@code olderThan}. A file still being written is modified as it grows, but
   * one left idle longer than {@code olderThan} before it is published is deleted too, and its
   * publication then fails; keep the age well above the longest such pause.
   *
   * @param olderThan the age from which a staged file counts as abandoned, not negative
   * @return how many files were deleted
   * @throws InvalidRequestException if {@code olderThan} is negative
   * @throws StorageException if the staging folder cannot be read
   */
  public int deleteStaleTemporaryFiles(Duration olderThan) {
    if (olderThan.isNegative()) {
      throw new InvalidRequestException("olderThan must not be negative, was " + olderThan);
    }
    Instant cutoff = Instant.now().minus(olderThan);
    return deleteStale(staging, cutoff) + deleteStale(root.resolve(LEGACY_STAGING_FOLDER), cutoff);
  }

  private int deleteStale(Path staging, Instant cutoff) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // published or discarded meanwhile
        }
        if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)
            && Files.deleteIfExists(entry)) {
          removed++;
        }
      }
    } catch (NoSuchFileException e) {
      return 0; // nothing was ever staged here
    } catch (IOException e) {
      throw failure("delete stale staged files in " + staging, e);
    }
    return removed;
  }

  /**
   * Lists the files of the staging folder last modified before a time: content a process
   * staged and neither published nor discarded (it died, or is still writing).
   *
   * @param startedBefore the time
   * @return the staged files, named by their file name
   */
  @Override
  public java.util.List<PendingUpload> pendingUploads(Instant startedBefore) {
    java.util.List<PendingUpload> found = new java.util.ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // published or discarded meanwhile
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        if (attributes.isRegularFile() && modified.isBefore(startedBefore)) {
          found.add(new PendingUpload(entry.getFileName().toString(), attributes.size(), modified));
        }
      }
    } catch (NoSuchFileException e) {
      return found; // nothing was ever staged here
    } catch (IOException e) {
      throw failure("list staged files in " + staging, e);
    }
    return found;
  }

  /**
   * Deletes a staged file. A staged file is never a key's content itself (a published one is
   * a second link to it), so this cannot remove published content.
   *
   * @param upload a staged file, as {@link #pendingUploads} listed it
   * @return {@code true} if the file was there
   */
  @Override
  public boolean discard(PendingUpload upload) {
    String name = upload.id();
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new InvalidNameException(name, "Cannot discard staged file '" + name + "': it is not a name this store"
          + " gives its staged files; pass an upload that pendingUploads() listed");
    }
    try {
      return Files.deleteIfExists(staging.resolve(name));
    } catch (IOException e) {
      throw failure("discard staged file " + name, e);
    }
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + root + "]";
  }

  // ---- publishing ----------------------------------------------------------------------------

  /** Publishes a staged file, see {@link #link}. */
  CreateResult publishIfAbsent(Path temporary, BlobKey key) {
    return link(temporary, pathOf(key), key);
  }

  /**
   * Publishes a fully written, forced temporary file under a key if the key is absent, by hard
   * link. The temporary file is left in place for the caller to discard.
   */
  private CreateResult link(Path temporary, Path target, BlobKey key) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Files.createLink(target, temporary);
      } catch (FileAlreadyExistsException e) {
        BasicFileAttributes existing = attributesOrNullUnchecked(target, key);
        if (existing == null) {
          continue; // deleted since: try again
        }
        if (existing.isDirectory()) {
          if (removeEmptyFolder(target)) {
            continue;
          }
          throw keyIsFolder(key, "create", null);
        }
        if (!isSameFile(temporary, target)) {
          return CreateResult.ALREADY_EXISTS;
        }
        // The link was made, but its reply was lost and the retried call saw our own file (NFS): it is ours.
      } catch (NoSuchFileException e) {
        requireStillStaged(temporary, key);
        createParentFolders(target, key);
        continue;
      } catch (UnsupportedOperationException e) {
        throw noHardLinks(key, e);
      } catch (FileSystemException e) {
        if (isUnderAKey(target)) {
          throw keyUnderAKey(key, "create", e);
        }
        if (!isSameFile(temporary, target)) {
          throw noHardLinks(key, e);
        }
      } catch (IOException e) {
        if (!isSameFile(temporary, target)) {
          throw failure("create key '" + key + "'", e);
        }
      }
      syncAfterPublish(target, key);
      return CreateResult.CREATED;
    }
    throw tooManyAttempts(key, "create");
  }

  /** Renames a fully written, forced temporary file over a key's path. */
  private void replace(Path temporary, Path target, BlobKey key) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        requireStillStaged(temporary, key);
        createParentFolders(target, key);
        continue;
      } catch (AtomicMoveNotSupportedException e) {
        throw new StorageException("Cannot write key '" + key + "' to " + location
            + ": the file system cannot rename a file atomically (" + e.getMessage()
            + "); keep the repository on a local or network file system with atomic rename", e);
      } catch (FileSystemException e) {
        if (Files.isDirectory(target)) {
          if (removeEmptyFolder(target)) {
            continue;
          }
          throw keyIsFolder(key, "write", e);
        }
        if (isUnderAKey(target)) {
          throw keyUnderAKey(key, "write", e);
        }
        throw failure("write key '" + key + "'", e);
      } catch (IOException e) {
        throw failure("write key '" + key + "'", e);
      }
      syncAfterPublish(target, key);
      return;
    }
    throw tooManyAttempts(key, "write");
  }

  private void syncAfterPublish(Path target, BlobKey key) {
    try {
      syncDirectoryIfPresent(target.getParent());
    } catch (IOException e) {
      throw new OutcomeUnknownException(key.value(), "Cannot confirm that key '" + key + "' in " + location
          + " is durable: it is visible, but forcing its folder to disk failed (" + e
          + "); it may be lost in a crash, so read it again before relying on it", e);
    }
  }

  /** Creates the folders from the root down to the target's parent, tolerating concurrent creators. */
  private void createParentFolders(Path target, BlobKey key) {
    Path parent = target.getParent();
    if (parent.equals(root)) {
      return;
    }
    Path folder = root;
    for (Path name : root.relativize(parent)) {
      folder = folder.resolve(name);
      try {
        Files.createDirectory(folder);
        syncDirectory(folder.getParent());
      } catch (FileAlreadyExistsException e) {
        if (Files.isRegularFile(folder)) {
          throw keyUnderAKey(key, "store", e);
        }
        if (!Files.isDirectory(folder)) {
          return; // pruned by a concurrent delete since: the caller tries again
        }
      } catch (NoSuchFileException e) {
        return; // a folder above was pruned by a concurrent delete; the caller tries again
      } catch (IOException e) {
        throw failure("create the folder " + folder + " for key '" + key + "'", e);
      }
    }
  }

  /** Removes a folder only if it is empty, never a file; returns whether it is gone. */
  private boolean removeEmptyFolder(Path folder) {
    try (DirectoryStream<Path> parent = Files.newDirectoryStream(folder.getParent())) {
      if (!(parent instanceof SecureDirectoryStream)) {
        return false; // without rmdir-only deletion a file created meanwhile could be removed
      }
      ((SecureDirectoryStream<Path>) parent).deleteDirectory(folder.getFileName());
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (DirectoryNotEmptyException e) {
      return false;
    } catch (IOException e) {
      LOG.debug("Cannot remove folder {}: {}", folder, e.toString());
      return false;
    }
  }

  /** Removes the folders left empty by a delete, up to but not including the root. */
  private void pruneEmptyFolders(Path folder) {
    for (Path current = folder; current != null && !current.equals(root) && current.startsWith(root);
        current = current.getParent()) {
      if (!removeEmptyFolder(current)) {
        return;
      }
    }
  }

  /** Deletes a regular file, never a folder; returns false if it was gone. */
  private static boolean deleteFileOnly(Path path) throws IOException {
    try (DirectoryStream<Path> parent = Files.newDirectoryStream(path.getParent())) {
      if (parent instanceof SecureDirectoryStream) {
        ((SecureDirectoryStream<Path>) parent).deleteFile(path.getFileName());
        return true;
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    return Files.deleteIfExists(path);
  }

  // ---- staging -------------------------------------------------------------------------------

  /** Creates a new, empty file in the staging folder, with the default permissions of new files. */
  Path newTemporaryFile(BlobKey key) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Path temporary = staging.resolve(Long.toHexString(random.nextLong() | Long.MIN_VALUE)
          + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + TEMPORARY_SUFFIX);
      try {
        Files.createFile(temporary);
        return temporary;
      } catch (FileAlreadyExistsException e) {
        continue; // the same random name twice: draw again
      } catch (NoSuchFileException e) {
        try {
          Files.createDirectories(staging);
        } catch (IOException f) {
          throw failure("create the staging folder " + staging + (key == null ? "" : " for key '" + key + "'"), f);
        }
      } catch (IOException e) {
        throw failure("create a staged file in " + staging + (key == null ? "" : " for key '" + key + "'"), e);
      }
    }
    throw new StorageException("Cannot create a staged file in " + staging + ": " + MAX_ATTEMPTS
        + " attempts failed; check that nothing else removes that folder");
  }

  /** Deletes a temporary file, logging rather than hiding a failure, and never masking another one. */
  void discard(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      LOG.warn("Cannot delete staged file {}: {}; it is deleted by a later open once older than {}",
          temporary, e.toString(), STALE_TEMPORARY_AGE);
    }
  }

  private void requireStillStaged(Path temporary, BlobKey key) {
    if (!Files.exists(temporary)) {
      throw new StorageException("Cannot publish key '" + key + "' in " + location + ": its staged file " + temporary
          + " vanished, probably deleted as stale by another process; write it again and keep staged content "
          + "younger than " + STALE_TEMPORARY_AGE);
    }
  }

  /** Copies a source into a channel, streaming, and checks it yielded the size it declared. */
  private static void copy(BlobSource content, FileChannel out, BlobKey key) throws IOException {
    long declared = content.size();
    long copied = 0;
    Path file = content.file();
    if (file != null) {
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
        while (copied < declared) {
          long n = in.transferTo(copied, declared - copied, out);
          if (n <= 0) {
            break;
          }
          copied += n;
        }
        if (copied == declared && in.size() != declared) {
          copied = in.size();
        }
      }
    } else {
      byte[] buffer = new byte[(int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, declared))];
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      try (InputStream in = content.open()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          wrapped.clear().limit(n);
          while (wrapped.hasRemaining()) {
            out.write(wrapped);
          }
          copied += n;
        }
      }
    }
    if (copied != declared) {
      throw new StorageException("Cannot write key '" + key + "': the source yielded " + copied
          + " bytes but declared " + declared + "; make sure the content does not change while it is written");
    }
  }

  // ---- paths and file system helpers ---------------------------------------------------------

  private Path pathOf(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    try {
      return root.resolve(key.value());
    } catch (InvalidPathException e) {
      throw new InvalidNameException(key.value(), "Cannot use '" + key + "' as a key in " + location
          + ": this file system does not accept it as a path (" + e.getMessage()
          + "); use keys without the characters it reserves, or another backend");
    }
  }

  /** Reads a path's attributes, or null when it does not exist or a file stands where a folder on its way should. */
  private BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if (isUnderAKey(path)) {
        return null;
      }
      throw e;
    }
  }

  private BasicFileAttributes attributesOrNullUnchecked(Path path, BlobKey key) {
    try {
      return attributesOrNull(path);
    } catch (IOException e) {
      throw failure("stat key '" + key + "'", e);
    }
  }

  /** Whether a regular file stands where one of the folders between the root and {@code path} should be. */
  private boolean isUnderAKey(Path path) {
    for (Path folder = path.getParent(); folder != null && !folder.equals(root) && folder.startsWith(root);
        folder = folder.getParent()) {
      if (Files.isRegularFile(folder)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // one of them is gone, so they are not the same file
    }
  }

  /** Forces a folder's entries to disk, so a new or removed name survives a crash. */
  static void syncDirectory(Path folder) throws IOException {
    if (WINDOWS) {
      return; // a folder cannot be opened as a channel there; NTFS journals its metadata
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Forces a folder to disk unless a concurrent delete removed it already, together with the
   * entry that was to be made durable in it.
   */
  private static void syncDirectoryIfPresent(Path folder) throws IOException {
    try {
      syncDirectory(folder);
    } catch (NoSuchFileException e) {
      LOG.debug("Folder {} was removed by a concurrent delete before it was forced to disk", folder);
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  private StorageException failure(String what, IOException e) {
    return new StorageException("Cannot " + what + " in " + location + ": " + e
        + "; check that the folder exists, is writable and has free space", e);
  }

  private StorageException keyIsFolder(BlobKey key, String what, Exception cause) {
    return new StorageException("Cannot " + what + " key '" + key + "' in " + location + ": keys exist under '"
        + key + "/', and in a folder a key cannot also be the folder of other keys; choose keys that are "
        + "never a '/'-prefix of one another", cause);
  }

  private StorageException keyUnderAKey(BlobKey key, String what, Exception cause) {
    return new StorageException("Cannot " + what + " key '" + key + "' in " + location + ": a key exists at one of"
        + " the folders on its path, and in a folder a key cannot also be the folder of other keys; choose keys"
        + " that are never a '/'-prefix of one another", cause);
  }

  private StorageException noHardLinks(BlobKey key, Exception cause) {
    return new StorageException("Cannot create key '" + key + "' in " + location
        + ": the file system refused to hard-link the staged file into place (" + cause
        + "); create-if-absent needs hard links, so check the folder's permissions and keep the repository"
        + " on a file system that has them (ext4, XFS, btrfs, ZFS, APFS, NTFS or NFS, not FAT or exFAT)", cause);
  }

  private StorageException tooManyAttempts(BlobKey key, String what) {
    return new StorageException("Cannot " + what + " key '" + key + "' in " + location + ": its folder was removed "
        + MAX_ATTEMPTS + " times in a row by concurrent deletes; try again when fewer deletes run");
  }
}
