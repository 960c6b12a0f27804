package dev.pedigree.invariants;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A stream of a given length, generated as it is read and never held whole: a random block
 * made from the seed, repeated with each repetition's number written into its first bytes, so
 * that content differs between seeds and between positions yet costs only a copy to make.
 */
final class GeneratedInputStream extends InputStream {
  private static final int BLOCK = 64 * 1024;

  private final byte[] block = new byte[BLOCK];
  private final long length;
  private long position;

  GeneratedInputStream(long seed, long length) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < BLOCK; i += Long.BYTES) {
      long value = random.nextLong();
      for (int j = 0; j < Long.BYTES; j++) {
        block[i + j] = (byte) (value >>> (8 * j));
      }
    }
    this.length = length;
  }

  @Override
  public int read() {
    if (position == length) {
      return -1;
    }
    return byteAt(position++) & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    if (count == 0) {
      return 0;
    }
    if (position == length) {
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    int done = 0;
    while (done < n) {
      int inBlock = (int) (position % BLOCK);
      int chunk = Math.min(n - done, BLOCK - inBlock);
      System.arraycopy(block, inBlock, buffer, offset + done, chunk);
      // Stamp the block number over the first bytes of each block.
      for (int i = inBlock; i < Long.BYTES && i < inBlock + chunk; i++) {
        buffer[offset + done + i - inBlock] = byteAt(position + i - inBlock);
      }
      done += chunk;
      position += chunk;
    }
    return n;
  }

  private byte byteAt(long at) {
    int inBlock = (int) (at % BLOCK);
    if (inBlock < Long.BYTES) {
      long number = at / BLOCK;
      return (byte) (block[inBlock] ^ (number >>> (8 * inBlock)));
    }
    return block[inBlock];
  }
}
