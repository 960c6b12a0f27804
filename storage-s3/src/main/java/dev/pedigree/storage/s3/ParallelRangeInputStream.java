package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.StorageException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads a large object as one stream while fetching the ranges ahead of the reader in parallel.
 *
 * <p>The first chunk comes straight from the response of the plain GET that found the object
 * large; the following chunks are ranged GETs, at most {@code depth} in flight or waiting, each
 * into a buffer of one chunk, reused once the reader is past it. Memory is therefore bounded by
 * {@code (depth + 1) * chunk} bytes whatever the object's size. Every ranged GET is conditional on the first response's ETag,
 * so a reader never gets a mix of two versions of an object that was replaced meanwhile: it gets
 * an {@link IOException} instead.
 */
final class ParallelRangeInputStream extends InputStream {
  /** Fetches one range of the object, {@code first} to {@code last} inclusive, into a buffer. */
  interface RangeReader {
    void read(long first, long last, byte[] into) throws IOException;
  }

  /** A fetched range: a buffer of the stream's pool and how many of its bytes are the range. */
  private record Chunk(byte[] buffer, int length) {
  }

  private final ResponseInputStream<?> head;
  private final long size;
  private final long chunk;
  private final int depth;
  private final Executor executor;
  private final RangeReader reader;
  private final String what;
  private final ArrayDeque<FutureTask<Chunk>> pending = new ArrayDeque<>();
  /** Buffers whose ranges were read, for the next ranges: at most depth + 1 are ever made. */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private byte[] currentBuffer;
  private long headRemaining;
  private boolean headDone;
  private long nextToSchedule;
  private long position;
  private InputStream current;
  private boolean closed;

  /**
   * @param head the open response of the GET of the whole object, positioned at byte 0
   * @param size the object's size
   * @param chunk the bytes per ranged GET
   * @param depth the most ranges fetched ahead of the reader
   * @param executor runs the ranged GETs
   * @param reader does one ranged GET
   * @param what names the object in messages
   */
  ParallelRangeInputStream(ResponseInputStream<?> head, long size, long chunk, int depth, Executor executor,
      RangeReader reader, String what) {
    this.head = head;
    this.size = size;
    this.chunk = chunk;
    this.depth = depth;
    this.executor = executor;
    this.reader = reader;
    this.what = what;
    this.headRemaining = Math.min(chunk, size);
    this.nextToSchedule = headRemaining;
    this.current = head;
    try {
      schedule();
    } catch (IOException e) {
      head.abort();
      throw new StorageException(e.getMessage(), e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("Cannot read " + what + ": the stream is closed");
    }
    java.util.Objects.checkFromIndexSize(off, len, buffer.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (!headDone) {
        if (headRemaining > 0) {
          int n;
          try {
            n = head.read(buffer, off, (int) Math.min(len, headRemaining));
          } catch (SdkException e) {
            throw new IOException("Cannot read " + what + ": " + S3Failures.describe(e) + "; read it again", e);
          }
          if (n < 0) {
            throw new EOFException("Cannot read " + what + ": the response ended after " + position + " of "
                + size + " bytes; read it again");
          }
          headRemaining -= n;
          position += n;
          return n;
        }
        finishHead();
        current = null;
      } else if (current != null) {
        int n = current.read(buffer, off, len);
        if (n > 0) {
          position += n;
          return n;
        }
        current = null;
        free.push(currentBuffer);
        currentBuffer = null;
      }
      FutureTask<Chunk> next = pending.poll();
      if (next == null) {
        return -1;
      }
      Chunk chunk = await(next);
      currentBuffer = chunk.buffer();
      current = new ByteArrayInputStream(chunk.buffer(), 0, chunk.length());
      schedule();
    }
  }

  @Override
  public int available() throws IOException {
    if (closed) {
      return 0;
    }
    if (!headDone) {
      return (int) Math.min(headRemaining, head.available());
    }
    return current == null ? 0 : current.available();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (FutureTask<Chunk> task : pending) {
      // Not interrupting: a running ranged GET ends by itself after at most one chunk.
      task.cancel(false);
    }
    pending.clear();
    free.clear();
    current = null;
    currentBuffer = null;
    if (!headDone) {
      finishHead();
    }
  }

  private void finishHead() throws IOException {
    headDone = true;
    if (headRemaining > 0 || size > chunk) {
      // The response still holds the rest of the object: drop the connection rather than drain it.
      head.abort();
    }
    head.close();
  }

  private void schedule() throws IOException {
    while (pending.size() < depth && nextToSchedule < size) {
      long first = nextToSchedule;
      long last = Math.min(size, first + chunk) - 1;
      byte[] into = free.isEmpty() ? new byte[(int) chunk] : free.pop();
      FutureTask<Chunk> task = new FutureTask<>(() -> {
        reader.read(first, last, into);
        return new Chunk(into, (int) (last - first + 1));
      });
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        throw new IOException("Cannot read " + what + ": the store's thread pool refused the work (" + e.getMessage()
            + "); is the store closed?", e);
      }
      pending.add(task);
      nextToSchedule = last + 1;
    }
  }

  private Chunk await(FutureTask<Chunk> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("Interrupted while reading " + what);
      interrupted.initCause(e);
      throw interrupted;
    } catch (CancellationException e) {
      throw new IOException("Cannot read " + what + ": the ranged read was cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      throw new IOException("Cannot read " + what + " at byte " + position + ": " + cause, cause);
    }
  }
}
