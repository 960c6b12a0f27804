package dev.pedigree.storage;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The storage SPI: the only interface a backend implements. Everything Pedigree keeps —
 * objects, refs, the audit log — is written through these few operations, so a backend is a
 * few hundred lines and every rule above it (validation, retries, integrity) is written once.
 *
 * <p>Rules every implementation follows, checked by the contract suite in
 * {@code pedigree-testing}:
 * <ul>
 *   <li>A reader never sees partly written content: a key is absent, or holds all its bytes.
 *   <li>{@link #createIfAbsent} is atomic: of any number of concurrent creates of one key, from
 *       threads or machines, exactly one returns {@link CreateResult#CREATED}.
 *   <li>Listing is in ascending lexicographic order of key text and is strongly consistent:
 *       a key whose write returned is listed.
 *   <li>No operation holds a whole object in memory (except the in-memory backend, by design).
 * </ul>
 *
 * <p>Failures are {@link StorageException}s; a write whose outcome cannot be known is an
 * {@link OutcomeUnknownException}. Implementations are thread-safe.
 */
public interface BlobStore extends Closeable {
  /** The page size {@link #listAll(String)} asks for. */
  int DEFAULT_PAGE_SIZE = 1000;

  /**
   * Returns where this backend keeps its keys, as a URI that {@link BlobStores#open} accepts.
   *
   * @return the location, for messages and for opening the same store again
   */
  URI location();

  /**
   * Returns the location as messages show it: {@link #location()} without user information,
   * query or fragment, so that options (a server's address, switches) are never repeated in a
   * message or a log.
   *
   * @return such as {@code s3://bucket/prefix}
   */
  default String displayLocation() {
    URI location = location();
    if (location.isOpaque() || location.getRawAuthority() == null) {
      String text = location.toString();
      int cut = text.indexOf('?');
      return cut < 0 ? text : text.substring(0, cut);
    }
    String authority = location.getRawAuthority();
    return location.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
        + (location.getRawPath() == null ? "" : location.getRawPath());
  }

  /**
   * Returns the size of a key's content, or empty when the key does not exist.
   *
   * @param key the key
   * @return its info, or empty
   * @throws StorageException if the backend cannot be asked
   */
  Optional<BlobInfo> stat(BlobKey key);

  /**
   * Opens a key's content for reading.
   *
   * @param key the key
   * @return a stream the caller closes
   * @throws BlobNotFoundException if the key does not exist
   * @throws StorageException if the backend cannot be read
   */
  InputStream read(BlobKey key);

  /**
   * Opens a range of a key's content: {@code length} bytes from byte {@code offset}, as packs
   * of small objects are read. The default reads the whole stream up to the range; backends
   * that can seek or ask for a range (a file, S3, GCS) override it.
   *
   * @param key the key
   * @param offset the first byte, at least 0
   * @param length how many bytes, at least 0; the range must lie inside the content
   * @return a stream of exactly {@code length} bytes, which the caller closes
   * @throws BlobNotFoundException if the key does not exist
   * @throws StorageException if the backend cannot be read, or the content ends before the
   *     range does
   */
  default InputStream read(BlobKey key, long offset, long length) {
    BlobRanges.check(key, offset, length);
    InputStream in = read(key);
    try {
      long skipped = 0;
      while (skipped < offset) {
        long n = in.skip(offset - skipped);
        if (n <= 0) {
          if (in.read() < 0) {
            throw BlobRanges.tooShort(key, offset, length, location(), skipped);
          }
          n = 1;
        }
        skipped += n;
      }
      return BlobRanges.exactly(in, key, offset, length, location());
    } catch (java.io.IOException | RuntimeException e) {
      BlobRanges.closeQuietly(in, e);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("Cannot read bytes " + offset + ".." + (offset + length) + " of key '" + key
          + "' in " + location() + ": " + e + "; check that the backend is reachable and read again", e);
    }
  }

  /**
   * Writes a key, replacing any content it had. Readers see the old content or the new,
   * never a mix. Core uses this only for caches and other state that may be rebuilt.
   *
   * @param key the key
   * @param content the content
   * @throws StorageException if the write failed (the old content, if any, is still there)
   */
  void write(BlobKey key, BlobSource content);

  /**
   * Creates a key only if it does not exist, atomically: the primitive every ref, version
   * number and audit event rests on.
   *
   * @param key the key
   * @param content the content
   * @return {@link CreateResult#CREATED} if this call created the key, else
   *     {@link CreateResult#ALREADY_EXISTS} (nothing was written)
   * @throws OutcomeUnknownException if the request was sent but its outcome is unknown
   * @throws StorageException if the write failed and the key was not created by this call
   */
  CreateResult createIfAbsent(BlobKey key, BlobSource content);

  /**
   * Lists one page of keys that start with {@code prefix}, in ascending order.
   *
   * @param prefix text every listed key starts with ({@code ""} for all); see
   *     {@link BlobKey#requireValidPrefix}
   * @param startAfter list only keys greater than this one, or {@code null} to start at the
   *     first
   * @param maxKeys the most keys to return, at least 1 (a backend may return fewer, and
   *     says by {@link BlobPage#nextStartAfter()} whether more follow)
   * @return the page
   * @throws StorageException if the backend cannot be listed
   */
  BlobPage list(String prefix, BlobKey startAfter, int maxKeys);

  /**
   * Deletes a key. Deleting a missing key is not an error.
   *
   * @param key the key
   * @return {@code true} if the key existed (as far as the backend can tell)
   * @throws StorageException if the backend refused
   */
  boolean delete(BlobKey key);

  /**
   * Returns whether a key exists.
   *
   * @param key the key
   * @return {@code true} if it exists
   */
  default boolean exists(BlobKey key) {
    return stat(key).isPresent();
  }

  /**
   * Streams every key under a prefix in ascending order, fetching one page at a time as the
   * stream is consumed, so a listing of any length never sits in memory whole.
   *
   * @param prefix text every listed key starts with
   * @return a lazy stream of keys
   */
  default Stream<BlobInfo> listAll(String prefix) {
    return listAll(prefix, null);
  }

  /**
   * Streams every key under a prefix greater than {@code startAfter}, lazily and in order.
   *
   * @param prefix text every listed key starts with
   * @param startAfter the key after which to start, or {@code null}
   * @return a lazy stream of keys
   */
  default Stream<BlobInfo> listAll(String prefix, BlobKey startAfter) {
    BlobKey.requireValidPrefix(prefix);
    Iterator<BlobInfo> pages = new Iterator<>() {
      private BlobPage page = list(prefix, startAfter, DEFAULT_PAGE_SIZE);
      private int index;

      @Override
      public boolean hasNext() {
        while (index >= page.entries().size()) {
          if (!page.hasMore()) {
            return false;
          }
          page = list(prefix, page.nextStartAfter().orElseThrow(), DEFAULT_PAGE_SIZE);
          index = 0;
        }
        return true;
      }

      @Override
      public BlobInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.entries().get(index++);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
        Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
  }

  /** Releases the backend's resources (clients, thread pools). The default does nothing. */
  @Override
  default void close() {
  }
}
