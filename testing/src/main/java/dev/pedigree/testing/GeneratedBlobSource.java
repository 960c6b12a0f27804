package dev.pedigree.testing;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Content of any size made on the fly from a seed: the same seed and size always give the same
 * bytes, and nothing is held in memory, so tests can write objects of gigabytes with a small
 * heap and check them by digest.
 *
 * <pre>{@code
 * GeneratedBlobSource big = GeneratedBlobSource.of(64L << 20, 42);
 * store.write(key, big);
 * assertThat(GeneratedBlobSource.digestOf(store.read(key))).isEqualTo(big.digest());
 * }</pre>
 */
public final class GeneratedBlobSource implements BlobSource {
  private final long size;
  private final long seed;

  private GeneratedBlobSource(long size, long seed) {
    if (size < 0) {
      throw new InvalidRequestException("size must not be negative: " + size);
    }
    this.size = size;
    this.seed = seed;
  }

  /**
   * Returns the content of {@code size} bytes that {@code seed} generates.
   *
   * @param size the number of bytes, at least 0
   * @param seed any value; different seeds give different bytes
   * @return the source
   */
  public static GeneratedBlobSource of(long size, long seed) {
    return new GeneratedBlobSource(size, seed);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream open() {
    return new Generator(size, seed);
  }

  /**
   * Computes the SHA-256 of the content by generating it once more.
   *
   * @return the digest a correct copy has
   */
  public Digest digest() {
    return digestOf(open());
  }

  /**
   * Reads a stream to its end, computing its SHA-256 as it goes, and closes it.
   *
   * @param in the stream
   * @return its digest
   * @throws UncheckedIOException if reading fails
   */
  public static Digest digestOf(InputStream in) {
    InvalidRequestException.requireNonNull(in, "in");
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
    try (in) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Digest.fromBytes(sha256.digest());
  }

  @Override
  public String toString() {
    return "GeneratedBlobSource[" + size + " bytes, seed " + seed + "]";
  }

  /** Byte {@code i} is byte {@code i % 8} of a SplitMix64 value of the seed and {@code i / 8}. */
  private static final class Generator extends InputStream {
    private final long size;
    private final long seed;
    private long position;

    Generator(long size, long seed) {
      this.size = size;
      this.seed = seed;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      int value = (int) (word(position >>> 3) >>> ((position & 7) * 8)) & 0xff;
      position++;
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, buffer.length);
      if (length == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      int i = 0;
      while (i < n && (position & 7) != 0) {
        buffer[offset + i++] = (byte) read();
      }
      while (n - i >= 8) {
        long w = word(position >>> 3);
        for (int b = 0; b < 8; b++) {
          buffer[offset + i++] = (byte) (w >>> (b * 8));
        }
        position += 8;
      }
      while (i < n) {
        buffer[offset + i++] = (byte) read();
      }
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, size - position));
      position += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    private long word(long index) {
      long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
