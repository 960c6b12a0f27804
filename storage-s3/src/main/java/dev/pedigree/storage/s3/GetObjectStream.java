package dev.pedigree.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a GET as the stream a caller reads. Closing it before the end drops the
 * connection instead of draining the rest of the object through it, and a failure the SDK
 * raises while reading (a checksum mismatch, an aborted connection) arrives as the
 * {@link IOException} that readers of a stream expect.
 */
final class GetObjectStream extends FilterInputStream {
  private final ResponseInputStream<?> response;
  private final String what;
  private final long length;
  private long count;
  private boolean ended;

  GetObjectStream(ResponseInputStream<?> response, long length, String what) {
    super(response);
    this.response = response;
    this.length = length;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b < 0) {
        ended = true;
      } else {
        count++;
      }
      return b;
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    try {
      int n = super.read(buffer, off, len);
      if (n < 0) {
        ended = true;
      } else {
        count += n;
      }
      return n;
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (!ended && count < length) {
      response.abort();
    }
    try {
      super.close();
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  private IOException failure(SdkException e) {
    return new IOException("Cannot read " + what + ": " + S3Failures.describe(e) + "; read it again", e);
  }

  static InputStream of(ResponseInputStream<?> response, long length, String what) {
    return new GetObjectStream(response, length, what);
  }
}
