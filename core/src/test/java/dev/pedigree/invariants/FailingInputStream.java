package dev.pedigree.invariants;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Generated content that breaks after a number of bytes, as a network source can. */
final class FailingInputStream extends InputStream {
  private final InputStream in;
  private final long failAfter;
  private final boolean unchecked;
  private long served;

  FailingInputStream(long seed, long length, long failAfter, boolean unchecked) {
    this.in = new GeneratedInputStream(seed, length);
    this.failAfter = failAfter;
    this.unchecked = unchecked;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (served >= failAfter) {
      IOException failure = new IOException("connection reset by peer");
      if (unchecked) {
        throw new UncheckedIOException(failure);
      }
      throw failure;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, failAfter - served));
    served += Math.max(n, 0);
    return n;
  }
}
