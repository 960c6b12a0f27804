package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StagedBlob} of a {@link FileBlobStore}: a file in the staging folder, forced to disk
 * and hard-linked into place on publish, deleted on close. Used by one thread at a time.
 */
final class FileStagedBlob implements StagedBlob {
  private static final int BUFFER = 64 << 10;
  /** After this many bytes, the data written so far starts going to disk in the background. */
  static final long FORCE_EVERY = 64L << 20;
  private static final java.util.concurrent.ExecutorService FORCER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "pedigree-staged-force");
    thread.setDaemon(true);
    return thread;
  });

  private static final Logger LOG = LoggerFactory.getLogger(FileStagedBlob.class);

  private final FileBlobStore store;
  private final Path temporary;
  private final FileChannel channel;
  private final OutputStream output;
  private boolean finished;
  private long unforced;
  private java.util.concurrent.Future<?> forcing;

  FileStagedBlob(FileBlobStore store, Path temporary, FileChannel channel) {
    this.store = store;
    this.temporary = temporary;
    this.channel = channel;
    // Closing the stream only flushes it: the handle owns the file until publish or close.
    OutputStream file = Channels.newOutputStream(channel);
    this.output = new BufferedOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        file.write(b);
        wrote(1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        file.write(bytes, offset, length);
        wrote(length);
      }
    }, BUFFER) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  @Override
  public OutputStream output() {
    return output;
  }

  /** Writes straight into the staged file: a direct buffer reaches the kernel without a copy. */
  @Override
  public java.nio.channels.WritableByteChannel channel() {
    return new java.nio.channels.WritableByteChannel() {
      @Override
      public int write(java.nio.ByteBuffer source) throws IOException {
        int total = 0;
        while (source.hasRemaining()) {
          total += channel.write(source);
        }
        wrote(total);
        return total;
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() {
        // The handle owns the file until publish or close.
      }
    };
  }

  @Override
  public CreateResult publishIfAbsent(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    if (finished) {
      throw new InvalidRequestException("This staged blob was already published or discarded");
    }
    finished = true;
    try {
      try {
        output.flush();
        awaitForcing();
        channel.force(true);
      } finally {
        try {
          awaitForcing();
        } finally {
          channel.close();
        }
      }
    } catch (IOException e) {
      store.discard(temporary);
      throw new StorageException("Cannot publish key '" + key + "' in " + store.location() + ": writing the staged"
          + " content failed (" + e + "); check the free space of the file system and write it again", e);
    }
    try {
      return store.publishIfAbsent(temporary, key);
    } finally {
      store.discard(temporary);
    }
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      try {
        awaitForcing();
      } catch (IOException e) {
        // The content is being discarded: a failed background flush of it changes nothing.
        LOG.debug("Background flush of discarded staged content failed: {}", e.toString());
      }
      channel.close();
    } catch (IOException e) {
      throw new StorageException("Cannot discard staged content in " + store.location() + ": " + e
          + "; the staged file is deleted by a later open once it is stale", e);
    } finally {
      store.discard(temporary);
    }
  }

  /**
   * Counts written bytes and, every {@link #FORCE_EVERY}, starts forcing what was written so far
   * to disk on another thread, so the final force at publish has only the tail left to write.
   * Hashing and writing go on meanwhile; at most one background force runs at a time.
   */
  private void wrote(long bytes) throws IOException {
    unforced += bytes;
    if (unforced < FORCE_EVERY) {
      return;
    }
    if (forcing != null) {
      if (!forcing.isDone()) {
        return;
      }
      awaitForcing();
    }
    unforced = 0;
    forcing = FORCER.submit(() -> {
      channel.force(false);
      return null;
    });
  }

  private void awaitForcing() throws IOException {
    java.util.concurrent.Future<?> pending = forcing;
    forcing = null;
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while flushing staged content to disk");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    }
  }

  @Override
  public String toString() {
    return "FileStagedBlob[" + temporary + (finished ? ", finished" : "") + "]";
  }
}
