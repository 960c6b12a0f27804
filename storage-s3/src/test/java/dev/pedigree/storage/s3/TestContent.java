package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Large test content generated from a seed, so that it is never held in memory whole. */
final class TestContent {
  private TestContent() {
  }

  /**
   * Returns a source of {@code size} pseudo-random bytes determined by {@code seed}.
   *
   * @param seed the seed
   * @param size the size
   * @return a re-openable source
   */
  static BlobSource generated(long seed, long size) {
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() {
        return new Generated(seed, size);
      }
    };
  }

  /** Returns a stream of {@code size} pseudo-random bytes determined by {@code seed}. */
  static InputStream stream(long seed, long size) {
    return new Generated(seed, size);
  }

  /** Returns the SHA-256 of a stream, reading it to the end and closing it. */
  static String sha256(InputStream in) {
    try (in) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(BlobSource source) {
    try {
      return sha256(source.open());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The byte at a position of generated content, for spot checks. */
  static int byteAt(long seed, long position) {
    return (int) (mix(seed, position >>> 3) >>> ((position & 7) * 8)) & 0xff;
  }

  private static long mix(long seed, long block) {
    long z = seed * 0x9E3779B97F4A7C15L + block * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final class Generated extends InputStream {
    private final long seed;
    private final long size;
    private long position;

    Generated(long seed, long size) {
      this.seed = seed;
      this.size = size;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      return byteAt(seed, position++);
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      int i = 0;
      while (i < n) {
        long block = position >>> 3;
        int shift = (int) (position & 7);
        long word = mix(seed, block) >>> (shift * 8);
        int take = Math.min(8 - shift, n - i);
        for (int k = 0; k < take; k++) {
          buffer[off + i++] = (byte) word;
          word >>>= 8;
        }
        position += take;
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
  }
}
