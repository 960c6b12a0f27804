package dev.pedigree.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a stream while hashing it, in one pass, with the hashing on the calling thread and the
 * writing on a second thread, so a large ingest costs about the slower of the two rather than
 * their sum. Content that fits in one buffer is copied on the calling thread alone. Memory is
 * a fixed handful of buffers whatever the size of the content.
 */
final class OverlappedCopy {
  static final int BUFFER_SIZE = 1 << 20;
  private static final int BUFFERS = 4;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "pedigree-ingest-writer");
    thread.setDaemon(true);
    return thread;
  });

  private OverlappedCopy() {
  }

  /**
   * Copies {@code in} to its end into {@code out}, returning the digest of what was copied.
   * When it returns, every byte has been written to {@code out} (which is not flushed or
   * closed) and no other thread uses {@code out} any more; the same holds when it throws.
   *
   * @param in the source, read to its end
   * @param out the target
   * @return the SHA-256 of the content
   * @throws IOException if reading or writing failed
   */
  static Digest copy(InputStream in, OutputStream out) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] first = new byte[BUFFER_SIZE];
    int n = in.readNBytes(first, 0, first.length);
    sha256.update(first, 0, n);
    out.write(first, 0, n);
    if (n < first.length) {
      return Digest.fromBytes(sha256.digest());
    }

    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    // One more slot than buffers, so the end marker never waits for room.
    BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    free.add(first);
    for (int i = 1; i < BUFFERS; i++) {
      free.add(new byte[BUFFER_SIZE]);
    }
    AtomicBoolean aborted = new AtomicBoolean();
    Future<?> writer = WRITERS.submit(() -> {
      while (true) {
        Chunk chunk = full.take();
        if (chunk == END) {
          return null;
        }
        if (!aborted.get()) {
          out.write(chunk.bytes, 0, chunk.length);
        }
        free.add(chunk.bytes);
      }
    });
    try {
      while (true) {
        byte[] buffer = takeFree(free, writer);
        int length = in.readNBytes(buffer, 0, buffer.length);
        if (length == 0) {
          break;
        }
        sha256.update(buffer, 0, length);
        full.add(new Chunk(buffer, length));
      }
      full.add(END);
      awaitWriter(writer);
      return Digest.fromBytes(sha256.digest());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while ingesting");
      abort(writer, full, END, aborted, interrupted);
      throw interrupted;
    } catch (IOException | RuntimeException | Error e) {
      abort(writer, full, END, aborted, e);
      throw e;
    }
  }

  /** Direct buffers kept between copies: allocating and zeroing them for every file would cost more than small files do. */
  private static final java.util.concurrent.ConcurrentLinkedQueue<java.nio.ByteBuffer> DIRECT =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final int MAX_POOLED_DIRECT = 16;

  /**
   * Copies a channel to its end into another while hashing it, through direct buffers: the
   * bytes go from the kernel into a buffer, are hashed there and go from the same buffer back to
   * the kernel, never through the heap, so the digest is of exactly the bytes written. Hashing
   * runs on the calling thread, writing on a second one.
   *
   * @param in the source, read to its end
   * @param out the target, not closed
   * @return the SHA-256 of the content
   * @throws IOException if reading or writing failed
   */
  static Digest copy(java.nio.channels.ReadableByteChannel in, java.nio.channels.WritableByteChannel out)
      throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    BlockingQueue<java.nio.ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<java.nio.ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(0);
    List<java.nio.ByteBuffer> owned = new java.util.ArrayList<>(BUFFERS);
    for (int i = 0; i < BUFFERS; i++) {
      java.nio.ByteBuffer buffer = DIRECT.poll();
      owned.add(buffer != null ? buffer : java.nio.ByteBuffer.allocateDirect(BUFFER_SIZE));
    }
    free.addAll(owned);
    AtomicBoolean aborted = new AtomicBoolean();
    Future<?> writer = WRITERS.submit(() -> {
      while (true) {
        java.nio.ByteBuffer chunk = full.take();
        if (chunk == end) {
          return null;
        }
        if (!aborted.get()) {
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        free.add(chunk);
      }
    });
    try {
      while (true) {
        java.nio.ByteBuffer buffer = takeFree(free, writer);
        buffer.clear();
        int n = 0;
        while (buffer.hasRemaining() && (n = in.read(buffer)) >= 0) {
          // fill the buffer, or reach the end
        }
        buffer.flip();
        if (buffer.hasRemaining()) {
          sha256.update(buffer.duplicate());
          full.add(buffer);
        } else {
          free.add(buffer);
        }
        if (n < 0) {
          break;
        }
      }
      full.add(end);
      awaitWriter(writer);
      return Digest.fromBytes(sha256.digest());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while ingesting");
      abort(writer, full, end, aborted, interrupted);
      throw interrupted;
    } catch (IOException | RuntimeException | Error e) {
      abort(writer, full, end, aborted, e);
      throw e;
    } finally {
      if (writer.isDone()) {
        for (java.nio.ByteBuffer buffer : owned) {
          if (DIRECT.size() < MAX_POOLED_DIRECT) {
            DIRECT.offer(buffer);
          }
        }
      }
    }
  }

  /**
   * Stops the writer after a failure and waits until it has ended, so that nobody writes to
   * the output once the caller regains control; a failure of the writer is attached to the
   * one being thrown.
   */
  private static <T> void abort(Future<?> writer, BlockingQueue<T> full, T end, AtomicBoolean aborted, Throwable failure) {
    aborted.set(true);
    full.offer(end);
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          writer.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() != failure) {
            failure.addSuppressed(e.getCause());
          }
          return;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <T> T takeFree(BlockingQueue<T> free, Future<?> writer) throws IOException, InterruptedException {
    while (true) {
      T buffer = free.poll(50, TimeUnit.MILLISECONDS);
      if (buffer != null) {
        return buffer;
      }
      if (writer.isDone()) {
        awaitWriter(writer);
        throw new IllegalStateException("the ingest writer ended before the end of the content");
      }
    }
  }

  private static void awaitWriter(Future<?> writer) throws IOException, InterruptedException {
    try {
      writer.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new UncheckedIOException(new IOException(cause));
    }
  }

  private record Chunk(byte[] bytes, int length) {
  }
}
