package dev.pedigree.storage.gcs;

import com.google.cloud.ReadChannel;
import dev.pedigree.exceptions.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link InputStream} over the client's {@link ReadChannel}. The first bytes are fetched
 * when the stream is made, so a missing object fails there rather than at the caller's first
 * read. The client pins the object's generation after its first response, so a read that is
 * resumed after a dropped connection never mixes two versions of an object.
 */
final class GcsObjectInputStream extends InputStream {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final ReadChannel channel;
  private final String what;
  private final String bucket;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private boolean eof;
  private boolean closed;
  private boolean started;

  private GcsObjectInputStream(ReadChannel channel, String what, String bucket) {
    this.channel = channel;
    this.what = what;
    this.bucket = bucket;
    buffer.flip();
  }

  /**
   * Opens the stream and fetches its first bytes.
   *
   * @param channel the client's channel, positioned at the first byte
   * @param what the object, for messages
   * @param bucket the bucket, for advice in messages
   * @return the stream
   * @throws IOException if the first request failed (its cause holds the client's exception)
   */
  static GcsObjectInputStream open(ReadChannel channel, String what, String bucket) throws IOException {
    GcsObjectInputStream in = new GcsObjectInputStream(InvalidRequestException.requireNonNull(channel, "channel"), what, bucket);
    try {
      in.fill();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    in.started = true;
    return in;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    return buffer.get() & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, target.length);
    ensureOpen();
    if (length == 0) {
      return 0;
    }
    if (!buffer.hasRemaining()) {
      if (length >= BUFFER_SIZE) {
        return readDirect(ByteBuffer.wrap(target, offset, length));
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(target, offset, n);
    return n;
  }

  @Override
  public int available() {
    return buffer.remaining();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  private IOException failure(Exception e) {
    if (started && GcsErrors.notFound(e)) {
      // The client resumes a broken download on the generation it started with; that
      // generation is gone, so the object was replaced or deleted meanwhile.
      return new IOException("Cannot read " + what + ": the object was replaced or deleted while it was being read "
          + "(HTTP 404); read the key again to get its current content", e);
    }
    return new IOException("Cannot read " + what + ": " + GcsErrors.explain(e, bucket), e);
  }

  private boolean fill() throws IOException {
    buffer.clear();
    int n = readDirect(buffer);
    buffer.flip();
    return n > 0;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Cannot read " + what + ": the stream is closed; open the key again");
    }
  }

  private int readDirect(ByteBuffer target) throws IOException {
    if (eof) {
      return -1;
    }
    int n;
    try {
      do {
        n = channel.read(target);
      } while (n == 0);
    } catch (IOException | RuntimeException e) {
      throw failure(e);
    }
    if (n < 0) {
      eof = true;
    }
    return n;
  }
}
