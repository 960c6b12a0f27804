package dev.pedigree.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content written to GCS before its key is known, in one pass and with no local copy: up to
 * the single-request limit it stays in memory and is published by one conditional create;
 * beyond, it streams as a resumable upload to a staging object (the client holds one chunk),
 * which publishing rewrites under its key with {@code ifGenerationMatch=0} and then deletes. A
 * writer that dies leaves an unfinished session (which the service expires) or a staging
 * object, which {@link GcsBlobStore#pendingUploads} lists for garbage collection.
 */
final class GcsStagedBlob implements StagedBlob {
  private static final Logger LOG = LoggerFactory.getLogger(GcsStagedBlob.class);

  private final GcsBlobStore store;
  private final Storage storage;
  private final BlobId staging;
  private final int memoryLimit;
  private final int chunkSize;
  private byte[] small = new byte[8192];
  private int filled;
  private WriteChannel writer;
  private boolean staged;
  private boolean published;
  private boolean closed;

  GcsStagedBlob(GcsBlobStore store, Storage storage, String bucket, String stagingName, int memoryLimit,
      int chunkSize) {
    this.store = store;
    this.storage = storage;
    this.staging = BlobId.of(bucket, stagingName);
    this.memoryLimit = memoryLimit;
    this.chunkSize = chunkSize;
  }

  /** A fresh staging object name under the store's prefix. */
  static String newName(String prefix) {
    return prefix + GcsBlobStore.STAGING_FOLDER + UUID.randomUUID();
  }

  private final OutputStream output = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
      if (closed || published) {
        throw new IOException("Cannot write to a staged GCS upload that was " + (closed ? "closed" : "published")
            + "; stage a new one");
      }
      if (writer == null && filled + (long) length <= memoryLimit) {
        if (filled + length > small.length) {
          small = java.util.Arrays.copyOf(small, (int) Math.min(memoryLimit, Math.max(2L * small.length,
              filled + (long) length)));
        }
        System.arraycopy(bytes, offset, small, filled, length);
        filled += length;
        return;
      }
      if (writer == null) {
        // Past what one request carries: stream from here on, starting with what was held.
        writer = storage.writer(com.google.cloud.storage.BlobInfo.newBuilder(staging)
            .setContentType("application/octet-stream").build(), BlobWriteOption.disableGzipContent());
        writer.setChunkSize(chunkSize);
        send(ByteBuffer.wrap(small, 0, filled));
        small = null;
        filled = 0;
      }
      send(ByteBuffer.wrap(bytes, offset, length));
    }
  };

  private void send(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      writer.write(bytes);
    }
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public CreateResult publishIfAbsent(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    if (closed || published) {
      throw new InvalidRequestException("Cannot publish a staged GCS upload that was " + (closed ? "closed" : "published")
          + "; stage a new one");
    }
    if (writer == null) {
      byte[] bytes = small;
      int length = filled;
      published = true;
      return store.createIfAbsent(key, new BlobSource() {
        @Override
        public long size() {
          return length;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(bytes, 0, length);
        }
      });
    }
    try {
      writer.close(); // finalizes the staging object
      staged = true;
    } catch (IOException | RuntimeException e) {
      throw new StorageException("Cannot publish staged content under key '" + key + "' in " + store
          + ": finishing its upload failed (" + GcsErrors.why(e) + "); nothing was published", e);
    }
    CreateResult result = store.publishStaged(key, staging);
    published = true;
    deleteStaged();
    return result;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    small = null;
    // An unfinished resumable session is never finalized: nothing becomes visible, and the
    // service expires it.
    deleteStaged();
  }

  private void deleteStaged() {
    if (!staged) {
      return;
    }
    try {
      storage.delete(staging);
      staged = false;
    } catch (RuntimeException e) {
      LOG.warn("Could not delete the staging object gs://{}/{} ({}); garbage collection deletes it later",
          staging.getBucket(), staging.getName(), GcsErrors.why(e));
    }
  }
}
