package dev.pedigree.storage.s3;

import java.io.IOException;

/**
 * Our own content source failed while the SDK was sending it (it could not be opened or read,
 * or it yielded another number of bytes than it declared). Unchecked and without an
 * {@link IOException} cause on purpose: the SDK retries requests whose failure is an I/O error,
 * and re-reading a broken source does not help. The I/O error, if any, is attached as a
 * suppressed exception so that it still shows in stack traces.
 */
final class SourceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SourceFailure(String message, IOException ioError) {
    super(message);
    if (ioError != null) {
      addSuppressed(ioError);
    }
  }
}
