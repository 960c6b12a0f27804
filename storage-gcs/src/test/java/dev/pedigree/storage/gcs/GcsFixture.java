package dev.pedigree.storage.gcs;

import com.google.cloud.storage.Storage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.gcs.testserver.GcsTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A running {@link GcsTestServer} with one bucket and a real client pointed at it; hands out
 * stores on fresh prefixes so tests never see each other's keys.
 */
final class GcsFixture implements AutoCloseable {
  static final String BUCKET = "pedigree-test";

  final GcsTestServer server;
  final Storage storage;

  GcsFixture() {
    try {
      server = GcsTestServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createBucket(BUCKET);
    storage = server.client();
  }

  /** A store with the production thresholds on a fresh prefix. */
  GcsBlobStore newStore() {
    return new GcsBlobStore(storage, BUCKET, freshPrefix());
  }

  /**
   * A store on a fresh prefix whose uploads switch to resumable above {@code singleRequestLimit},
   * without the write probe, so that tests of upload mechanics see only their own requests.
   */
  GcsBlobStore newStore(int singleRequestLimit, int chunkSize) {
    return new GcsBlobStore(storage, BUCKET, freshPrefix(), null, false, singleRequestLimit, chunkSize, true);
  }

  /** A store on the given client and prefix with the production thresholds. */
  static GcsBlobStore store(Storage storage, String prefix) {
    return new GcsBlobStore(storage, BUCKET, prefix);
  }

  static String freshPrefix() {
    return "t/" + UUID.randomUUID();
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot close the test client", e);
    } finally {
      server.close();
    }
  }

  /**
   * Content of any size made on the fly from a seed, never held in memory: the same seed and
   * size give the same bytes at every {@link BlobSource#open()}.
   */
  static BlobSource generated(long size, long seed) {
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() {
        return generatedStream(size, seed);
      }
    };
  }

  static InputStream generatedStream(long size, long seed) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private final byte[] block = new byte[8192];
      private int blockPos = block.length;
      private long remaining = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] target, int offset, int length) {
        if (remaining == 0) {
          return -1;
        }
        if (blockPos == block.length) {
          for (int i = 0; i < block.length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8; j++) {
              block[i + j] = (byte) (value >>> (8 * j));
            }
          }
          blockPos = 0;
        }
        int n = (int) Math.min(Math.min(length, block.length - blockPos), remaining);
        System.arraycopy(block, blockPos, target, offset, n);
        blockPos += n;
        remaining -= n;
        return n;
      }
    };
  }
}
