package dev.pedigree.storage;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A thread-safe backend that keeps every key in this JVM's heap: the default for tests and
 * for short-lived work. Its content is lost when the last reference to it goes.
 *
 * <p>Open a fresh one with {@code new MemoryBlobStore()} or {@code BlobStores.open("mem:")};
 * {@code mem:NAME} opens a store shared by everyone in this JVM who asks for that name. An
 * unnamed store reports a location {@code mem:anonymous-N} that no one else can open.
 */
public final class MemoryBlobStore implements BlobStore, SupportsStagedWrites {
  private static final java.util.concurrent.atomic.AtomicLong ANONYMOUS = new java.util.concurrent.atomic.AtomicLong();

  private final ConcurrentNavigableMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
  private final URI location;

  /** Creates an empty, unnamed store. */
  public MemoryBlobStore() {
    this(URI.create("mem:anonymous-" + ANONYMOUS.incrementAndGet()));
  }

  MemoryBlobStore(URI location) {
    this.location = location;
  }

  @Override
  public URI location() {
    return location;
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    byte[] bytes = entries.get(key.value());
    return bytes == null ? Optional.empty() : Optional.of(new BlobInfo(key, bytes.length));
  }

  @Override
  public InputStream read(BlobKey key) {
    byte[] bytes = entries.get(key.value());
    if (bytes == null) {
      throw new BlobNotFoundException(key.value(), location.toString());
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    entries.put(key.value(), bytesOf(key, content));
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    byte[] bytes = bytesOf(key, content);
    return entries.putIfAbsent(key.value(), bytes) == null ? CreateResult.CREATED : CreateResult.ALREADY_EXISTS;
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    BlobKey.requireValidPrefix(prefix);
    if (maxKeys < 1) {
      throw new InvalidRequestException("Cannot list keys: maxKeys must be at least 1, was " + maxKeys
          + "; ask for one key or more");
    }
    String from = startAfter != null && startAfter.value().compareTo(prefix) >= 0 ? startAfter.value() : prefix;
    boolean inclusive = startAfter == null || startAfter.value().compareTo(prefix) < 0;
    List<BlobInfo> page = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : entries.tailMap(from, inclusive).entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        break;
      }
      if (page.size() == maxKeys) {
        return new BlobPage(page, Optional.of(page.get(page.size() - 1).key()));
      }
      page.add(new BlobInfo(BlobKey.of(entry.getKey()), entry.getValue().length));
    }
    return new BlobPage(page, Optional.empty());
  }

  @Override
  public boolean delete(BlobKey key) {
    return entries.remove(key.value()) != null;
  }

  @Override
  public StagedBlob stage() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new StagedBlob() {
      private boolean done;

      @Override
      public OutputStream output() {
        return buffer;
      }

      @Override
      public CreateResult publishIfAbsent(BlobKey key) {
        InvalidRequestException.requireNonNull(key, "key");
        if (done) {
          throw new InvalidRequestException("This staged blob was already published or discarded");
        }
        done = true;
        return entries.putIfAbsent(key.value(), buffer.toByteArray()) == null
            ? CreateResult.CREATED : CreateResult.ALREADY_EXISTS;
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  @Override
  public String toString() {
    return "MemoryBlobStore[" + location + ", " + entries.size() + " keys]";
  }

  private static byte[] bytesOf(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(key, "key");
    try (InputStream in = content.open()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != content.size()) {
        throw new StorageException("Cannot write key '" + key + "': the source yielded " + bytes.length
            + " bytes but declared " + content.size() + "; make sure the content does not change while it is written");
      }
      return bytes;
    } catch (IOException e) {
      throw new StorageException("Cannot write key '" + key + "': reading its content failed: " + e.getMessage(), e);
    }
  }
}
