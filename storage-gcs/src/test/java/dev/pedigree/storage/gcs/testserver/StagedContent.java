package dev.pedigree.storage.gcs.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Content received by the test server and written to a file while its MD5 and CRC32C are
 * computed, before it becomes an object. Appendable, for resumable uploads.
 */
final class StagedContent {
  private final Path file;
  private final OutputStream out;
  private final MessageDigest md5;
  private final CRC32C crc32c = new CRC32C();
  private long size;

  StagedContent(Path dir) {
    try {
      this.file = Files.createTempFile(dir, "staged-", ".bin");
      this.out = Files.newOutputStream(file);
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends at most {@code limit} bytes of {@code in} (all of it when {@code limit < 0}); returns how many. */
  long append(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (limit < 0 || total < limit) {
      int want = limit < 0 ? buffer.length : (int) Math.min(buffer.length, limit - total);
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        break;
      }
      append(buffer, 0, n);
      total += n;
    }
    return total;
  }

  void append(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    md5.update(bytes, offset, length);
    crc32c.update(bytes, offset, length);
    size += length;
  }

  /** Closes the file for writing; the hashes are final from now on. */
  void finish() throws IOException {
    out.close();
  }

  void discard() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  String md5Base64() {
    try {
      return Base64.getEncoder().encodeToString(((MessageDigest) md5.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  String crc32cBase64() {
    return crc32cBase64(crc32c.getValue());
  }

  static String crc32cBase64(long value) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) value).array());
  }
}
