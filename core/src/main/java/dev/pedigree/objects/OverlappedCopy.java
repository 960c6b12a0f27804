package dev.pedigree.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
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
      abort(writer, full, aborted, interrupted);
      throw interrupted;
    } catch (IOException | RuntimeException | Error e) {
      abort(writer, full, aborted, e);
      throw e;
    }
  }

  /**
   * Stops the writer after a failure and waits until it has ended, so that nobody writes to
   * the output once the caller regains control; a failure of the writer is attached to the
   * one being thrown.
   */
  private static void abort(Future<?> writer, BlockingQueue<Chunk> full, AtomicBoolean aborted, Throwable failure) {
    aborted.set(true);
    full.offer(END);
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

  private static byte[] takeFree(BlockingQueue<byte[]> free, Future<?> writer) throws IOException, InterruptedException {
    while (true) {
      byte[] buffer = free.poll(50, TimeUnit.MILLISECONDS);
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
