package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;

/**
 * What every implementation of {@link BlobStore#read(BlobKey, long, long)} shares: the argument
 * check, and a stream that yields exactly the range's length or fails saying the content was
 * shorter. Public for the backend modules; not part of the API users call.
 */
public final class BlobRanges {
  private BlobRanges() {
  }

  /**
   * Checks the arguments of a ranged read.
   *
   * @param key the key
   * @param offset the first byte
   * @param length the number of bytes
   * @throws InvalidRequestException if the offset or length is negative or their sum overflows
   */
  public static void check(BlobKey key, long offset, long length) {
    Objects.requireNonNull(key, "key");
    if (offset < 0 || length < 0 || offset + length < 0) {
      throw new InvalidRequestException("Cannot read bytes from " + offset + " for " + length + " of key '" + key
          + "': the offset and length must not be negative; pass a range inside the content");
    }
  }

  /**
   * Wraps a stream positioned at a range's first byte so that it ends after the range and
   * fails if the content ends before.
   *
   * @param in the stream, at the range's first byte
   * @param key the key, for messages
   * @param offset the range's first byte, for messages
   * @param length the range's length
   * @param location the store, for messages
   * @return a stream of exactly {@code length} bytes
   */
  public static InputStream exactly(InputStream in, BlobKey key, long offset, long length, URI location) {
    return new FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left == 0) {
          return -1;
        }
        int b = super.read();
        if (b < 0) {
          throw tooShort(key, offset, length, location, length - left);
        }
        left--;
        return b;
      }

      @Override
      public int read(byte[] buffer, int from, int count) throws IOException {
        if (count == 0) {
          return 0;
        }
        if (left == 0) {
          return -1;
        }
        int n = super.read(buffer, from, (int) Math.min(count, left));
        if (n < 0) {
          throw tooShort(key, offset, length, location, length - left);
        }
        left -= n;
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, left));
        left -= Math.max(0, skipped);
        return skipped;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(super.available(), left);
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  /**
   * Returns the failure of a range that reaches past the end of the content.
   *
   * @param key the key
   * @param offset the range's first byte
   * @param length the range's length
   * @param location the store
   * @param got how many bytes of the range were there
   * @return the exception to throw
   */
  public static StorageException tooShort(BlobKey key, long offset, long length, URI location, long got) {
    return new StorageException("Cannot read bytes " + offset + ".." + (offset + length) + " of key '" + key + "' in "
        + location + ": the content ends after " + got + " of them; the key was replaced or truncated, so read"
        + " its index again");
  }

  static void closeQuietly(InputStream in, Exception failure) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
