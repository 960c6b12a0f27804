package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Content written to S3 before its key is known, in one pass and with no local copy: the bytes
 * go up as the parts of a multipart upload to a staging key (at most {@code parallelism} parts
 * in flight, so memory stays within {@code (parallelism + 1) * partSize}), which is completed
 * when the caller publishes; the staged object is then copied under its key by
 * {@code UploadPartCopy} into a multipart upload completed with {@code If-None-Match: *}, and
 * deleted. Content no larger than one part never leaves memory before it is published by one
 * conditional PUT. A writer that dies leaves an unfinished upload or a staged object, both of
 * which {@link S3BlobStore#pendingUploads} lists for garbage collection.
 */
final class S3StagedBlob implements StagedBlob {
  private static final Logger LOG = LoggerFactory.getLogger(S3StagedBlob.class);

  private final S3BlobStore store;
  private final S3Client client;
  private final String bucket;
  private final String stagingKey;
  private final int partSize;
  private final Executor executor;
  private final BlockingQueue<byte[]> free;
  private final int maxBuffers;
  private int buffers;
  private byte[] buffer;
  private int filled;
  private long size;
  private String uploadId;
  private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
  private boolean staged;
  private boolean published;
  private boolean closed;

  S3StagedBlob(S3BlobStore store, S3Client client, String bucket, String stagingKey, long partSize, int parallelism,
      Executor executor) {
    this.store = store;
    this.client = client;
    this.bucket = bucket;
    this.stagingKey = stagingKey;
    this.partSize = Math.toIntExact(partSize);
    this.executor = executor;
    this.maxBuffers = parallelism + 1;
    this.free = new ArrayBlockingQueue<>(maxBuffers);
  }

  /** A fresh staging key under the store's staging folder. */
  static String newKey(String keyPrefix) {
    return keyPrefix + S3BlobStore.STAGING_FOLDER + UUID.randomUUID();
  }

  private final OutputStream output = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
      requireWritable();
      while (length > 0) {
        if (buffer == null) {
          buffer = takeBuffer();
        } else if (filled == buffer.length) {
          // Full, and more is coming: this part goes up now (the last part is sent on publish).
          sendPart();
          buffer = takeBuffer();
        }
        int n = Math.min(length, buffer.length - filled);
        System.arraycopy(bytes, offset, buffer, filled, n);
        filled += n;
        size += n;
        offset += n;
        length -= n;
      }
    }
  };

  @Override
  public OutputStream output() {
    return output;
  }

  private void requireWritable() throws IOException {
    if (closed || published) {
      throw new IOException("Cannot write to a staged S3 upload that was " + (closed ? "closed" : "published")
          + "; stage a new one");
    }
    for (CompletableFuture<CompletedPart> part : parts) {
      if (part.isCompletedExceptionally()) {
        part.join(); // throws the part's failure
      }
    }
  }

  private byte[] takeBuffer() throws IOException {
    byte[] next = free.poll();
    if (next != null) {
      return next;
    }
    if (buffers < maxBuffers) {
      buffers++;
      return new byte[partSize];
    }
    try {
      return free.take(); // every buffer is in flight: wait for a part to finish
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a part upload to " + store);
    }
  }

  private void sendPart() throws IOException {
    try {
      if (uploadId == null) {
        uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(stagingKey)
            .contentType("application/octet-stream")).uploadId();
      }
    } catch (SdkException e) {
      throw new IOException("Cannot start the staged upload to " + store + ": " + S3Failures.describe(e), e);
    }
    byte[] part = buffer;
    int length = filled;
    int number = parts.size() + 1;
    String upload = uploadId;
    buffer = null;
    filled = 0;
    try {
      parts.add(CompletableFuture.supplyAsync(() -> {
        try {
          String etag = client.uploadPart(b -> b.bucket(bucket).key(stagingKey).uploadId(upload).partNumber(number)
              .contentLength((long) length), RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream")).eTag();
          return CompletedPart.builder().partNumber(number).eTag(etag).build();
        } finally {
          free.offer(part);
        }
      }, executor));
    } catch (RejectedExecutionException e) {
      free.offer(part);
      throw new IOException("Cannot upload a part to " + store + ": its thread pool refused (" + e.getMessage()
          + "); check that the store is open", e);
    }
  }

  @Override
  public CreateResult publishIfAbsent(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    if (closed || published) {
      throw new InvalidRequestException("Cannot publish a staged S3 upload that was " + (closed ? "closed" : "published")
          + "; stage a new one");
    }
    if (uploadId == null) {
      // One part or less: it is still in memory, and goes up as one conditional PUT.
      byte[] bytes = buffer == null ? new byte[0] : buffer;
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
    String doing = "publish staged content under key '" + key + "' in " + store;
    String etag;
    try {
      if (filled > 0) {
        sendPart();
      }
      List<CompletedPart> done = new ArrayList<>();
      for (CompletableFuture<CompletedPart> part : parts) {
        done.add(part.join());
      }
      String upload = uploadId;
      etag = client.completeMultipartUpload(b -> b.bucket(bucket).key(stagingKey).uploadId(upload)
          .multipartUpload(m -> m.parts(done))).eTag();
      uploadId = null;
      staged = true;
    } catch (IOException e) {
      throw new StorageException("Cannot " + doing + ": " + e.getMessage() + "; nothing was published", e);
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      throw new StorageException("Cannot " + doing + ": uploading a part failed: "
          + (cause instanceof SdkException sdk ? S3Failures.describe(sdk) : String.valueOf(cause))
          + "; nothing was published", cause);
    } catch (SdkException e) {
      throw S3Failures.map(doing.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + doing.substring(1),
          store.toString(), null, e);
    }
    CreateResult result = store.publishStaged(key, stagingKey, size, etag);
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
    for (CompletableFuture<CompletedPart> part : parts) {
      try {
        part.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        LOG.debug("A part of a discarded staged upload had failed", e);
      }
    }
    if (uploadId != null) {
      String upload = uploadId;
      try {
        client.abortMultipartUpload(b -> b.bucket(bucket).key(stagingKey).uploadId(upload));
      } catch (SdkException e) {
        LOG.warn("Could not abort the staged upload '{}' in {} ({}); garbage collection discards it later",
            stagingKey, store, S3Failures.describe(e));
      }
      uploadId = null;
    }
    deleteStaged();
  }

  private void deleteStaged() {
    if (!staged) {
      return;
    }
    try {
      client.deleteObject(b -> b.bucket(bucket).key(stagingKey));
      staged = false;
    } catch (SdkException e) {
      LOG.warn("Could not delete the staged object '{}' in {} ({}); garbage collection deletes it later", stagingKey,
          store, S3Failures.describe(e));
    }
  }
}
