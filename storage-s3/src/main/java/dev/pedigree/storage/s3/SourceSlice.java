package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A byte range of a {@link BlobSource} as the SDK's re-openable request body: every attempt
 * opens a fresh stream positioned at the range's start (a file channel's position when the
 * source is a file, else a fresh stream that skips ahead), so a part is read from the source
 * while it is sent and never held in memory.
 */
final class SourceSlice implements ContentStreamProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSlice.class);

  private final BlobSource source;
  private final long offset;
  private final long length;
  private final boolean last;
  private InputStream open;

  /**
   * @param source the content
   * @param offset the first byte of the range
   * @param length the number of bytes in the range
   * @param last whether the range ends the content, so that a source yielding more bytes than
   *     it declared is caught
   */
  SourceSlice(BlobSource source, long offset, long length, boolean last) {
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.last = last;
  }

  static SourceSlice whole(BlobSource source) {
    return new SourceSlice(source, 0, source.size(), true);
  }

  long length() {
    return length;
  }

  @Override
  public synchronized InputStream newStream() {
    closePrevious();
    InputStream in;
    try {
      Path file = source.file();
      if (file != null) {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
          channel.position(offset);
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        in = Channels.newInputStream(channel);
      } else {
        in = source.open();
        try {
          in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
          in.close();
          throw e;
        }
      }
    } catch (IOException e) {
      throw new SourceFailure("cannot open the content at byte " + offset + ": " + e.getMessage(), e);
    }
    open = new ExactLength(in);
    return open;
  }

  @Override
  public String name() {
    return "PedigreeBlobSource";
  }

  private void closePrevious() {
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // The previous attempt's stream is of no further use; a failure to close it only leaks a handle.
        LOG.debug("Closing the content stream of a previous attempt failed", e);
      }
      open = null;
    }
  }

  /** Yields exactly {@code length} bytes, and fails when the source has fewer (or, if last, more). */
  private final class ExactLength extends InputStream {
    private final InputStream in;
    private long remaining = length;

    ExactLength(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        return -1;
      }
      int n;
      try {
        n = in.read(buffer, off, (int) Math.min(len, remaining));
      } catch (IOException e) {
        throw new SourceFailure("reading the content at byte " + (offset + length - remaining) + " failed: "
            + e.getMessage(), e);
      }
      if (n < 0) {
        throw new SourceFailure("the content ended after " + (offset + length - remaining) + " bytes but declared "
            + source.size(), null);
      }
      remaining -= n;
      if (remaining == 0 && last) {
        int more;
        try {
          more = in.read();
        } catch (IOException e) {
          throw new SourceFailure("reading the end of the content failed: " + e.getMessage(), e);
        }
        if (more >= 0) {
          throw new SourceFailure("the content yielded more bytes than the " + source.size() + " it declared", null);
        }
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Integer.MAX_VALUE, Math.min(remaining, in.available()));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
