package dev.pedigree.objects;

import dev.pedigree.exceptions.IntegrityException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at the end of the stream, throws if the content does not
 * have the expected digest — so a reader that consumes a whole object never accepts changed
 * bytes silently.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final String key;
  private final MessageDigest sha256 = Digest.newSha256();
  private boolean verified;

  VerifyingInputStream(InputStream in, Digest expected, String key) {
    super(in);
    this.expected = expected;
    this.key = key;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    } else {
      sha256.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      verify();
    } else {
      sha256.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would leave bytes unhashed; read them instead.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset is not supported on a verifying stream");
  }

  private void verify() {
    if (verified) {
      return;
    }
    verified = true;
    Digest actual = Digest.fromBytes(sha256.digest());
    if (!actual.equals(expected)) {
      throw new IntegrityException(expected.toString(), key, "Cannot read object " + expected + " at key '" + key
          + "': its content hashes to " + actual + ", so it was changed or damaged in storage;"
          + " restore it from a backup or ingest the original content again");
    }
  }
}
