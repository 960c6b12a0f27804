package dev.pedigree.storage;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import java.time.Instant;
import java.util.List;

/**
 * An optional ability of a {@link BlobStore}: it keeps content being written somewhere other
 * than under a key (the file store's staging folder, S3's multipart uploads), which a process
 * that dies midway leaves behind. Garbage collection lists and discards the uploads started
 * before its grace period.
 */
public interface SupportsAbandonedUploads {
  /**
   * Lists the unfinished uploads started before a time: uploads a live writer is still
   * sending are younger, as long as no write takes longer than the caller's grace period.
   *
   * @param startedBefore only uploads started (or last written to) before this time
   * @return the uploads, in no particular order
   * @throws StorageException if the backend cannot be listed
   */
  List<PendingUpload> pendingUploads(Instant startedBefore);

  /**
   * Discards an unfinished upload. Discarding one that already finished or vanished is not an
   * error; discarding never touches content published under a key.
   *
   * @param upload the upload, as listed
   * @return {@code true} if this call discarded it
   * @throws StorageException if the backend refused
   */
  boolean discard(PendingUpload upload);

  /**
   * One unfinished upload.
   *
   * @param id how the backend names it (a staged file's name, a key and upload id)
   * @param bytes how many bytes it holds so far
   * @param started when it was started (or, for a staged file, last written to)
   */
  record PendingUpload(String id, long bytes, Instant started) {
    /**
     * Validates the fields.
     *
     * @throws InvalidRequestException if a field is null or the size negative
     */
    public PendingUpload {
      if (id == null || started == null || bytes < 0) {
        throw new InvalidRequestException("Cannot describe an upload without an id, a start time and a size of 0 or more;"
            + " pass all three");
      }
    }
  }
}
