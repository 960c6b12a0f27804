package dev.pedigree.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Recognises the AWS SDK's {@code aws-chunked} upload framing ({@code <hex size>;chunk-signature=
 * <64 hex>\r\n<data>\r\n...}) stored as if it were the object's content: what a server that does
 * not decode {@code Content-Encoding: aws-chunked} keeps, and why every record read back from it
 * looks corrupt.
 */
final class ChunkFraming {
  /** How many leading bytes {@link #framed} needs to decide. */
  static final int HEAD = 36;
  private static final Pattern FRAME = Pattern.compile("^[0-9a-fA-F]{1,16};chunk-signature=");

  /** The advice, shared by the probe and by reads. */
  static final String ADVICE = "the server stored the AWS SDK's aws-chunked upload framing ('<size>;chunk-signature="
      + "...') as the content instead of decoding it, so every object written this way reads back wrong; nothing "
      + "is lost by reading, but the store was written by a client the server could not understand: add "
      + "'chunkedEncoding=false&checksums=when_required' to the s3:// URI (or build the S3Client with "
      + "S3Configuration.chunkedEncodingEnabled(false) and RequestChecksumCalculation.WHEN_REQUIRED) and write "
      + "again; objects already written through the framing must be written again";

  private ChunkFraming() {
  }

  /**
   * Wraps a whole-object stream so that its first read fails with {@link #ADVICE} when the
   * object starts with a frame header, instead of handing the framing on as content.
   */
  static InputStream guard(InputStream in, String what) {
    return new PushbackInputStream(in, HEAD) {
      private boolean checked;

      @Override
      public int read() throws IOException {
        check();
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        check();
        return super.skip(n);
      }

      private void check() throws IOException {
        if (checked) {
          return;
        }
        checked = true;
        byte[] head = in.readNBytes(HEAD);
        unread(head);
        if (framed(head, head.length)) {
          throw new IOException("Cannot read " + what + ": " + ADVICE);
        }
      }
    };
  }

  /** Returns whether the first bytes of an object are an aws-chunked frame header. */
  static boolean framed(byte[] head, int length) {
    return FRAME.matcher(new String(head, 0, Math.min(length, HEAD), StandardCharsets.ISO_8859_1)).find();
  }
}
