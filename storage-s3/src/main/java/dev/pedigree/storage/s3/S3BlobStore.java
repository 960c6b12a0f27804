package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobRanges;
import dev.pedigree.storage.BlobPage;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.WriteProbe;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsAbandonedUploads;
import dev.pedigree.storage.SupportsStagedWrites;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A {@link BlobStore} in an Amazon S3 bucket, or in any store that speaks the S3 protocol with
 * conditional writes (MinIO, Ceph RGW, Cloudflare R2...), under a key prefix.
 *
 * <p>Open one from a URI with {@code BlobStores.open("s3://bucket/prefix")} (see
 * {@link S3BlobStoreProvider} for the options), or around an {@link S3Client} you already have:
 *
 * <pre>{@code
 * S3Client s3 = S3Client.create();
 * try (BlobStore store = new S3BlobStore(s3, "my-bucket", "teams/vision")) { ... }
 *
 * BlobStore tuned = S3BlobStore.builder(s3, "my-bucket")
 *     .prefix("teams/vision")
 *     .partSize(16 << 20)
 *     .parallelism(8)
 *     .build();
 * }</pre>
 *
 * <p>How it maps the SPI onto S3:
 * <ul>
 *   <li>{@link #createIfAbsent} is a PUT with {@code If-None-Match: *}. S3's answer 412 means
 *       the key exists ({@link CreateResult#ALREADY_EXISTS}); 409 (a concurrent conditional
 *       write to the same key was in progress) is retried a few times with backoff. Objects
 *       larger than the multipart threshold go up as a multipart upload whose parts are sent in
 *       parallel, each read from the source while it is sent, and the completion carries the
 *       same condition, so a large create is as atomic as a small one; on a refusal or any
 *       failure the upload is aborted.
 *   <li>{@link #read} is a GET. An object larger than the multipart threshold is read as
 *       parallel ranged GETs (each conditional on the first response's ETag) ahead of the
 *       reader, holding at most {@code (parallelism + 1) * partSize} bytes in memory.
 *   <li>{@link #list} is ListObjectsV2 under the prefix; keys stored in the bucket that are not
 *       valid {@link BlobKey}s (such as the folder markers some consoles create, ending in
 *       {@code /}) are skipped.
 *   <li>{@link #stage} writes content whose key is not known yet (an object being hashed) in
 *       one pass with no local copy: parts of a multipart upload to a staging key under
 *       {@code .pedigree staging/}, at most {@code parallelism} in flight; publishing completes
 *       it, copies it under its key with {@code UploadPartCopy} into a multipart upload
 *       completed with {@code If-None-Match: *} (so it is a create-if-absent like the others),
 *       and deletes the staged object. What a dead writer leaves there is listed by
 *       {@link #pendingUploads} for garbage collection.
 *   <li>{@link #delete} is a HEAD followed by a DELETE: S3 deletes are idempotent and do not
 *       say whether the key existed, so the result is what the HEAD saw just before.
 * </ul>
 *
 * <p><b>Retries and unknown outcomes.</b> Reads, listings, deletes, unconditional writes and
 * part uploads keep the SDK's own retries: repeating them is harmless. Conditional writes (the
 * PUT of a create and the completion of a multipart create) are sent without the SDK's retries
 * and retried here instead, a few times with backoff, after a 409, throttling, a 5xx answer, an
 * I/O error or a timeout, because only here is each attempt's outcome known. That matters when
 * an attempt may have reached S3 before failing (a timeout, a reset connection, a 5xx answer)
 * and a later attempt is refused with 412: the key may exist because of the earlier attempt.
 * This store does not guess: it compares the stored content with the content it was asked to
 * write. If they differ, another writer created the key ({@link CreateResult#ALREADY_EXISTS});
 * if they are identical, it cannot know who stored them and throws
 * {@link OutcomeUnknownException}. A write that fails for good after an attempt that may have
 * reached S3 is also an {@link OutcomeUnknownException}; one that certainly did not (a refusal,
 * a connection never made, a content source that could not be read) is a plain
 * {@link StorageException}. Nothing is cleaned up after an unknown outcome, except that a
 * multipart upload is aborted, which cannot remove an object whose upload was completed.
 *
 * <p>Messages of the exceptions name the bucket, the key and the S3 error code, never
 * credentials. Instances are thread-safe. Closing the store shuts down its thread pool (unless
 * the executor was given) and closes the client only if the store created it (when opened from
 * a URI).
 */
public final class S3BlobStore implements BlobStore, SupportsAbandonedUploads, SupportsStagedWrites {
  /** The smallest part S3 accepts in a multipart upload (except the last part): 5 MiB. */
  public static final long MIN_PART_SIZE = 5L << 20;
  /** The largest part, and the largest single PUT, S3 accepts: 5 GiB. */
  public static final long MAX_PART_SIZE = 5L << 30;
  /** The default size above which objects are uploaded and read in parts: 16 MiB. */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 16L << 20;
  /** The default part size of uploads and of parallel ranged reads: 8 MiB. */
  public static final long DEFAULT_PART_SIZE = 8L << 20;
  /** The default number of parts sent or fetched at once: 4. */
  public static final int DEFAULT_PARALLELISM = 4;

  static final int MAX_PARTS = 10_000;
  static final int MAX_PARALLELISM = 256;
  private static final int CONDITIONAL_ATTEMPTS = 6;
  /** The folder of staged uploads, under the store's prefix; the space keeps it out of listings. */
  static final String STAGING_FOLDER = ".pedigree staging/";
  private static final int MULTIPART_CONFLICT_ROUNDS = 3;
  /** Conditional writes are retried here, where each attempt's outcome is known, not by the SDK. */
  private static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
      o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
  private static final int RANGE_ATTEMPTS = 3;
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;
  private final S3PendingUploads pendingUploads;
  private final URI location;
  /** The store as messages show it: {@code s3://bucket/prefix}, never the URI's options. */
  private final String shown;
  private final WriteProbe probe;
  private final long multipartThreshold;
  private final long partSize;
  private final int parallelism;
  private final Executor executor;
  private final ThreadPoolExecutor ownPool;
  private final boolean ownsClient;
  private volatile boolean closed;

  /**
   * Creates a store around a client the caller already has and keeps: closing the store does
   * not close the client.
   *
   * @param client the S3 client, configured with credentials, region and endpoint
   * @param bucket the bucket
   * @param prefix the key prefix under which every key is stored, such as {@code teams/vision}
   *     ({@code ""} for the bucket's root)
   * @throws BackendConfigurationException if the bucket name is empty or contains {@code /}
   * @throws InvalidNameException if the prefix is not a valid key
   */
  public S3BlobStore(S3Client client, String bucket, String prefix) {
    this(builder(client, bucket).prefix(prefix));
  }

  private S3BlobStore(Builder builder) {
    this(builder, builder.settings());
  }

  private S3BlobStore(Builder builder, Builder.Settings settings) {
    this.client = builder.client;
    this.bucket = builder.bucket;
    this.keyPrefix = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    this.multipartThreshold = settings.multipartThreshold();
    this.partSize = settings.partSize();
    this.parallelism = settings.parallelism();
    this.ownsClient = builder.ownsClient;
    this.location = builder.location != null ? builder.location : defaultLocation(bucket, settings.prefix());
    this.shown = "s3://" + bucket + "/" + settings.prefix();
    this.probe = builder.singleWriter ? WriteProbe.skipped()
        : new WriteProbe(() -> new S3WriteProbe(client, bucket, keyPrefix, shown, endpoint()).run());
    this.pendingUploads = new S3PendingUploads(client, bucket, keyPrefix, shown);
    if (builder.executor != null) {
      this.executor = builder.executor;
      this.ownPool = null;
    } else {
      int pool = POOLS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      this.ownPool = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "pedigree-s3-" + pool + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      this.ownPool.allowCoreThreadTimeOut(true);
      this.executor = ownPool;
    }
  }

  /**
   * Starts a builder for a store around a client the caller already has and keeps.
   *
   * @param client the S3 client
   * @param bucket the bucket
   * @return the builder
   */
  public static Builder builder(S3Client client, String bucket) {
    return new Builder(client, bucket);
  }

  @Override
  public URI location() {
    return location;
  }

  /**
   * Returns the bucket this store keeps its keys in.
   *
   * @return the bucket name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * Returns the prefix under which keys are stored, without a trailing {@code /}.
   *
   * @return the prefix, or {@code ""}
   */
  public String prefix() {
    return keyPrefix.isEmpty() ? "" : keyPrefix.substring(0, keyPrefix.length() - 1);
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    ensureOpen();
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(fullKey(key)));
      return Optional.of(new BlobInfo(key, head.contentLength()));
    } catch (SdkException e) {
      if (S3Failures.isNotFound(e) && !"NoSuchBucket".equals(S3Failures.code(e))) {
        return Optional.empty();
      }
      throw S3Failures.map("stat key '" + key + "'", shown, null, e);
    }
  }

  @Override
  public InputStream read(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    ensureOpen();
    String full = fullKey(key);
    ResponseInputStream<GetObjectResponse> response;
    try {
      response = client.getObject(b -> b.bucket(bucket).key(full));
    } catch (SdkException e) {
      throw S3Failures.map("read key '" + key + "'", shown, key.value(), e);
    }
    long size = response.response().contentLength();
    String what = "key '" + key + "' in " + shown;
    String etag = response.response().eTag();
    if (size <= multipartThreshold || parallelism < 2 || etag == null) {
      return ChunkFraming.guard(GetObjectStream.of(response, size, what), what);
    }
    return new ParallelRangeInputStream(response, size, partSize, parallelism, executor,
        (first, last, into) -> readRange(full, etag, first, last, into, what), what);
  }

  /** One ranged GET: how packs of small objects are read, one object per request. */
  @Override
  public InputStream read(BlobKey key, long offset, long length) {
    BlobRanges.check(key, offset, length);
    ensureOpen();
    if (length == 0) {
      BlobInfo info = stat(key).orElseThrow(() -> new BlobNotFoundException(key.value(), location.toString()));
      if (info.size() < offset) {
        throw BlobRanges.tooShort(key, offset, length, location, 0);
      }
      return InputStream.nullInputStream();
    }
    String full = fullKey(key);
    ResponseInputStream<GetObjectResponse> response;
    try {
      response = client.getObject(b -> b.bucket(bucket).key(full).range("bytes=" + offset + "-" + (offset + length - 1)));
    } catch (SdkException e) {
      if (S3Failures.status(e) == 416) {
        throw BlobRanges.tooShort(key, offset, length, location, 0);
      }
      throw S3Failures.map("read a range of key '" + key + "'", location.toString(), key.value(), e);
    }
    String what = "bytes " + offset + ".." + (offset + length) + " of key '" + key + "' in " + location;
    return BlobRanges.exactly(GetObjectStream.of(response, response.response().contentLength(), what), key, offset,
        length, location);
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(key, "key");
    InvalidRequestException.requireNonNull(content, "content");
    ensureOpen();
    ensureWritable();
    if (content.size() > multipartThreshold) {
      multipart(key, content, false);
      return;
    }
    try {
      client.putObject(putRequest(fullKey(key), content.size(), false), body(SourceSlice.whole(content)));
    } catch (SdkException e) {
      throw writeFailure("write key '" + key + "'", key, e, false);
    } catch (SourceFailure e) {
      throw sourceFailed("write key '" + key + "'", e);
    }
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(key, "key");
    InvalidRequestException.requireNonNull(content, "content");
    ensureOpen();
    ensureWritable();
    if (content.size() > multipartThreshold) {
      return multipart(key, content, true);
    }
    String full = fullKey(key);
    PutObjectRequest request = putRequest(full, content.size(), true);
    String doing = "create key '" + key + "'";
    boolean mayHaveTakenEffect = false;
    SdkException failure = null;
    for (int attempt = 1; attempt <= CONDITIONAL_ATTEMPTS; attempt++) {
      if (failure != null) {
        backoff(attempt - 1, key, failure);
      }
      try {
        client.putObject(request, body(SourceSlice.whole(content)));
        return CreateResult.CREATED;
      } catch (SdkException e) {
        // Should a client's own retries still run (they are turned off for this request), an
        // earlier attempt hidden inside this one may have reached S3.
        mayHaveTakenEffect |= S3Failures.attempts(e) > 1;
        if (S3Failures.isPreconditionFailed(e)) {
          return mayHaveTakenEffect ? resolveAmbiguous(key, content, e) : CreateResult.ALREADY_EXISTS;
        }
        failure = chain(failure, e);
        if (!S3Failures.retryable(e)) {
          break;
        }
        mayHaveTakenEffect |= S3Failures.mayHaveTakenEffect(e);
      } catch (SourceFailure e) {
        if (mayHaveTakenEffect) {
          throw new OutcomeUnknownException(key.value(), "Cannot " + doing + " in " + shown + ": reading its "
              + "content failed on a retry (" + e.getMessage() + ") after an earlier attempt may have reached S3; "
              + "read the key before acting on it", e);
        }
        throw sourceFailed(doing, e);
      }
    }
    throw writeFailure(doing, key, failure, mayHaveTakenEffect);
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    BlobKey.requireValidPrefix(prefix);
    if (maxKeys < 1) {
      throw new InvalidRequestException("Cannot list keys in " + shown + ": maxKeys must be at least 1, was "
          + maxKeys + "; ask for one key or more");
    }
    ensureOpen();
    String after = startAfter == null ? null : fullKey(startAfter);
    List<BlobInfo> entries = new ArrayList<>();
    // One key more than the page, so that "more" is known without a second request; and keys
    // that are not ours to list (the write probe's, a console's folder markers) are skipped
    // until a valid key past the page proves there is more, or the listing ends.
    while (true) {
      ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
          .bucket(bucket).prefix(keyPrefix + prefix).maxKeys((int) Math.min(maxKeys + 1L - entries.size(), 1000));
      if (after != null) {
        request.startAfter(after);
      }
      ListObjectsV2Response response;
      try {
        response = client.listObjectsV2(request.build());
      } catch (SdkException e) {
        throw S3Failures.map("list keys under '" + prefix + "'", shown, null, e);
      }
      String lastRaw = null;
      for (S3Object object : response.contents()) {
        lastRaw = object.key();
        BlobKey key = toBlobKey(object.key());
        if (key != null) {
          entries.add(new BlobInfo(key, object.size() == null ? 0 : object.size()));
        }
      }
      if (entries.size() > maxKeys) {
        List<BlobInfo> page = entries.subList(0, maxKeys);
        return new BlobPage(new ArrayList<>(page), Optional.of(page.get(maxKeys - 1).key()));
      }
      if (!Boolean.TRUE.equals(response.isTruncated()) || lastRaw == null) {
        return new BlobPage(entries, Optional.empty());
      }
      after = lastRaw;
    }
  }

  @Override
  public boolean delete(BlobKey key) {
    boolean existed = stat(key).isPresent();
    try {
      client.deleteObject(b -> b.bucket(bucket).key(fullKey(key)));
    } catch (SdkException e) {
      throw S3Failures.map("delete key '" + key + "'", shown, null, e);
    }
    return existed;
  }

  /**
   * Starts writing content whose key is not known yet, in one pass with no local copy; see the
   * class description. Memory stays within {@code (parallelism + 1) * partSize}.
   *
   * @return the staged upload; close it to discard what was not published
   */
  @Override
  public StagedBlob stage() {
    ensureOpen();
    ensureWritable();
    return new S3StagedBlob(this, client, bucket, S3StagedBlob.newKey(keyPrefix), partSize, parallelism, executor);
  }

  /**
   * Publishes a completed staged object under a key if absent: a multipart upload whose parts
   * are copied from the staged object (each copy conditional on its ETag), completed with
   * {@code If-None-Match: *}.
   */
  CreateResult publishStaged(BlobKey key, String stagingKey, long size, String etag) {
    BlobSource staged = new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() {
        return client.getObject(b -> b.bucket(bucket).key(stagingKey).ifMatch(etag));
      }
    };
    return multipart(key, staged, true, (full, uploadId, content, part, parts, index) -> {
      long offset = index * part;
      long last = Math.min(offset + part, size) - 1;
      String copied = client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(stagingKey).copySourceIfMatch(etag)
          .destinationBucket(bucket).destinationKey(full).uploadId(uploadId).partNumber(index + 1)
          .copySourceRange("bytes=" + offset + "-" + last)).copyPartResult().eTag();
      return CompletedPart.builder().partNumber(index + 1).eTag(copied).build();
    });
  }

  /**
   * Lists the multipart uploads under this store's prefix that were started before a time and
   * neither completed nor aborted, and the staged objects written before it (see
   * {@link #stage}): a writer that died midway leaves one, and it is billed until discarded.
   *
   * @param startedBefore the time
   * @return the uploads, each with the bytes its parts hold
   */
  @Override
  public List<PendingUpload> pendingUploads(java.time.Instant startedBefore) {
    ensureOpen();
    return pendingUploads.list(startedBefore);
  }

  /**
   * Aborts an unfinished multipart upload, which frees its parts, or deletes a staged object.
   * An upload completed meanwhile is not touched: aborting cannot remove a completed object.
   *
   * @param upload an upload {@link #pendingUploads} listed
   * @return {@code true} if this call aborted it
   */
  @Override
  public boolean discard(PendingUpload upload) {
    ensureOpen();
    return pendingUploads.discard(upload);
  }

  /** Shuts down the store's own thread pool, and closes the client if the store created it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownPool != null) {
      ownPool.shutdown();
    }
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + shown + "]";
  }

  // ---------------------------------------------------------------------------------------
  // Uploads

  /** Sends one part of a multipart upload. */
  @FunctionalInterface
  private interface PartSender {
    CompletedPart send(String full, String uploadId, BlobSource content, long part, int parts, int index);
  }

  private CreateResult multipart(BlobKey key, BlobSource content, boolean conditional) {
    return multipart(key, content, conditional, this::uploadPart);
  }

  private CreateResult multipart(BlobKey key, BlobSource content, boolean conditional, PartSender sender) {
    String full = fullKey(key);
    String doing = (conditional ? "create key '" : "write key '") + key + "'";
    long size = content.size();
    long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    if (part > MAX_PART_SIZE) {
      throw new StorageException("Cannot " + doing + " in " + shown + ": it is " + size
          + " bytes, more than S3 can store in one object; split the content");
    }
    int parts = (int) ((size + part - 1) / part);
    boolean mayHaveTakenEffect = false;
    SdkException failure = null;
    for (int round = 1; round <= MULTIPART_CONFLICT_ROUNDS; round++) {
      if (failure != null) {
        backoff(round - 1, key, failure);
      }
      String uploadId;
      try {
        uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(full).contentType(OCTET_STREAM)).uploadId();
      } catch (SdkException e) {
        // Starting an upload makes nothing visible under the key, whatever its outcome.
        SdkException all = chain(failure, e);
        throw mayHaveTakenEffect ? writeFailure(doing, key, all, true) : S3Failures.map(doing, shown, null, all);
      }
      List<CompletedPart> completed;
      try {
        completed = uploadParts(full, uploadId, content, part, parts, doing, sender);
      } catch (RuntimeException e) {
        abort(full, uploadId, e);
        if (mayHaveTakenEffect) {
          throw new OutcomeUnknownException(key.value(), "Cannot " + doing + " in " + shown + ": a retried upload "
              + "failed after an earlier completion may have reached S3; read the key before acting on it", e);
        }
        if (e instanceof SourceFailure source) {
          throw sourceFailed(doing, source);
        }
        throw e instanceof SdkException sdk ? S3Failures.map(doing, shown, null, sdk) : e;
      }
      SdkException conflict = null;
      for (int attempt = 1; attempt <= CONDITIONAL_ATTEMPTS && conflict == null; attempt++) {
        if (attempt > 1) {
          backoff(attempt - 1, key, failure);
        }
        try {
          client.completeMultipartUpload(b -> b.bucket(bucket).key(full).uploadId(uploadId)
              .multipartUpload(m -> m.parts(completed))
              .ifNoneMatch(conditional ? "*" : null)
              .overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)));
          return CreateResult.CREATED;
        } catch (SdkException e) {
          failure = chain(failure, e);
          mayHaveTakenEffect |= S3Failures.attempts(e) > 1;
          if (conditional && S3Failures.isPreconditionFailed(e)) {
            abort(full, uploadId, e);
            return mayHaveTakenEffect ? resolveAmbiguous(key, content, e) : CreateResult.ALREADY_EXISTS;
          }
          if (S3Failures.isNotFound(e) && mayHaveTakenEffect) {
            // NoSuchUpload after a completion that may have reached S3: that one may have completed it.
            if (conditional) {
              return resolveAmbiguous(key, content, e);
            }
            throw writeFailure(doing, key, failure, true);
          }
          if (conditional && S3Failures.isConflict(e)) {
            // S3 asks for a fresh upload after a 409 on completion.
            conflict = e;
          } else if (!S3Failures.retryable(e) || S3Failures.isConflict(e)) {
            // Aborting is safe even if a completion took effect: it cannot remove a completed object.
            abort(full, uploadId, e);
            throw writeFailure(doing, key, failure, mayHaveTakenEffect);
          } else {
            mayHaveTakenEffect |= S3Failures.mayHaveTakenEffect(e);
          }
        }
      }
      abort(full, uploadId, failure);
      if (conflict == null) {
        throw writeFailure(doing, key, failure, mayHaveTakenEffect);
      }
    }
    throw writeFailure(doing, key, failure, mayHaveTakenEffect);
  }

  /** Keeps the earlier failures of a retried operation with the latest one. */
  private static SdkException chain(SdkException earlier, SdkException latest) {
    if (earlier != null && earlier != latest) {
      latest.addSuppressed(earlier);
    }
    return latest;
  }

  private List<CompletedPart> uploadParts(String full, String uploadId, BlobSource content, long part, int parts,
      String doing, PartSender sender) {
    CompletedPart[] done = new CompletedPart[parts];
    if (parts == 1 || parallelism == 1) {
      for (int i = 0; i < parts; i++) {
        done[i] = sender.send(full, uploadId, content, part, parts, i);
      }
      return Arrays.asList(done);
    }
    ExecutorCompletionService<CompletedPart> service = new ExecutorCompletionService<>(executor);
    List<Future<CompletedPart>> started = new ArrayList<>();
    int next = 0;
    int finished = 0;
    try {
      while (finished < parts) {
        while (next < parts && next - finished < parallelism) {
          int index = next++;
          started.add(service.submit(() -> sender.send(full, uploadId, content, part, parts, index)));
        }
        CompletedPart one = service.take().get();
        done[one.partNumber() - 1] = one;
        finished++;
      }
      return Arrays.asList(done);
    } catch (InterruptedException e) {
      started.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new StorageException("Cannot " + doing + " in " + shown
          + ": interrupted while uploading its parts; nothing was created", e);
    } catch (ExecutionException e) {
      settle(started);
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("Cannot " + doing + " in " + shown + ": uploading a part failed: " + cause, cause);
    } catch (RejectedExecutionException e) {
      settle(started);
      throw new StorageException("Cannot " + doing + " in " + shown + ": the thread pool refused the upload ("
          + e.getMessage() + "); check that the store and its executor are open", e);
    }
  }

  /** Cancels the parts not started yet and waits for those running, so that an abort sees them all. */
  private static void settle(List<Future<CompletedPart>> started) {
    started.forEach(f -> f.cancel(false));
    boolean interrupted = false;
    for (Future<CompletedPart> future : started) {
      while (!future.isDone()) {
        try {
          future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException e) {
          // Its failure, if any, is not the one being reported; the abort that follows clears the part.
          LOG.debug("A concurrent part upload also ended without success", e);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletedPart uploadPart(String full, String uploadId, BlobSource content, long part, int parts, int index) {
    long offset = index * part;
    long length = Math.min(part, content.size() - offset);
    SourceSlice slice = new SourceSlice(content, offset, length, index == parts - 1);
    UploadPartResponse response = client.uploadPart(b -> b.bucket(bucket).key(full).uploadId(uploadId)
        .partNumber(index + 1).contentLength(length), body(slice));
    return CompletedPart.builder().partNumber(index + 1).eTag(response.eTag()).build();
  }

  private void abort(String full, String uploadId, Throwable failure) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(full).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("Could not abort multipart upload of key '{}' in {} ({}); a lifecycle rule for incomplete "
          + "multipart uploads removes its parts", full, shown, S3Failures.describe(e));
      failure.addSuppressed(e);
    }
  }

  /**
   * Decides a conditional create that was refused because the key exists, after an earlier
   * attempt of the same create may have reached S3: different stored content proves another
   * writer; identical content cannot tell.
   */
  private CreateResult resolveAmbiguous(BlobKey key, BlobSource content, SdkException refusal) {
    String unknown = "Cannot tell whether key '" + key + "' in " + shown + " was created by this call: "
        + "an attempt was retried after a failure that may have reached S3, and ";
    boolean same;
    try {
      same = sameContent(key, content);
    } catch (RuntimeException | IOException e) {
      refusal.addSuppressed(e);
      throw new OutcomeUnknownException(key.value(), unknown + "comparing the stored content failed ("
          + e.getMessage() + "); read the key before acting on it", refusal);
    }
    if (!same) {
      return CreateResult.ALREADY_EXISTS;
    }
    throw new OutcomeUnknownException(key.value(), unknown + "the key holds exactly the content of this call, "
        + "which that attempt or another writer may have stored; read the state again before acting on it", refusal);
  }

  private boolean sameContent(BlobKey key, BlobSource content) throws IOException {
    String full = fullKey(key);
    try (ResponseInputStream<GetObjectResponse> stored = client.getObject(b -> b.bucket(bucket).key(full));
        InputStream ours = content.open()) {
      if (stored.response().contentLength() != content.size()) {
        stored.abort();
        return false;
      }
      byte[] a = new byte[64 * 1024];
      byte[] b = new byte[64 * 1024];
      while (true) {
        int n = stored.readNBytes(a, 0, a.length);
        int m = ours.readNBytes(b, 0, n == 0 ? b.length : n);
        if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
          stored.abort();
          return false;
        }
        if (n == 0) {
          return true;
        }
      }
    }
  }

  private StorageException writeFailure(String doing, BlobKey key, SdkException failure, boolean uncertain) {
    if (uncertain || S3Failures.mayHaveTakenEffect(failure)) {
      return new OutcomeUnknownException(key.value(), "Cannot " + doing + " in " + shown + ": "
          + S3Failures.describe(failure) + (S3Failures.status(failure) > 0 ? " (HTTP " + S3Failures.status(failure)
          + ")" : "") + " after the request may have reached S3, so it may or may not have taken effect; "
          + "read the key to find out before acting on it", failure);
    }
    return S3Failures.map(doing, shown, null, failure);
  }

  private StorageException sourceFailed(String doing, SourceFailure failure) {
    return new StorageException("Cannot " + doing + " in " + shown + ": reading its content failed: "
        + failure.getMessage() + "; make sure the content can be read and does not change while it is written",
        failure);
  }

  private void backoff(int attempt, BlobKey key, SdkException conflict) {
    long ceiling = Math.min(1000, 25L << Math.min(attempt, 10));
    long millis = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    LOG.debug("Conditional write of key '{}' in {} conflicted with a concurrent one (attempt {}); retrying in {} ms",
        key, shown, attempt, millis);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      conflict.addSuppressed(e);
      throw new StorageException("Cannot write key '" + key + "' in " + shown
          + ": interrupted while waiting to retry after a conflicting concurrent write; nothing was written", conflict);
    }
  }

  private PutObjectRequest putRequest(String full, long size, boolean conditional) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(full)
        .contentLength(size).contentType(OCTET_STREAM);
    if (conditional) {
      request.ifNoneMatch("*").overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES));
    }
    return request.build();
  }

  private static RequestBody body(SourceSlice slice) {
    return RequestBody.fromContentProvider(slice, slice.length(), OCTET_STREAM);
  }

  // ---------------------------------------------------------------------------------------
  // Reads

  private void readRange(String full, String etag, long first, long last, byte[] into, String what) throws IOException {
    int expected = Math.toIntExact(last - first + 1);
    String range = "bytes " + first + "-" + last + " of " + what;
    IOException failure = null;
    for (int attempt = 1; attempt <= RANGE_ATTEMPTS; attempt++) {
      ResponseInputStream<GetObjectResponse> in;
      try {
        in = client.getObject(b -> b.bucket(bucket).key(full).range("bytes=" + first + "-" + last).ifMatch(etag));
      } catch (SdkException e) {
        int status = S3Failures.status(e);
        if (status == 412) {
          throw new IOException("Cannot read " + what + ": it was replaced while being read; read it again", e);
        }
        if (status == 404) {
          throw new IOException("Cannot read " + what + ": it was deleted while being read", e);
        }
        IOException io = new IOException("Cannot read " + range + ": "
            + (status > 0 ? "S3 answered HTTP " + status + " " + S3Failures.code(e) : S3Failures.describe(e)), e);
        if (status >= 400 && status < 500) {
          throw io;
        }
        failure = keep(failure, io);
        continue;
      }
      Long length = in.response().contentLength();
      if (length == null || length != expected) {
        in.abort();
        in.close();
        throw new IOException("Cannot read " + range + ": the server answered with " + length
            + " bytes instead; check that it supports ranged reads");
      }
      try (in) {
        int read = in.readNBytes(into, 0, expected);
        if (read == expected) {
          return;
        }
        failure = keep(failure, new IOException("Cannot read " + range + ": the response ended after "
            + read + " bytes"));
      } catch (IOException | SdkException e) {
        failure = keep(failure, new IOException("Cannot read " + range + ": " + S3Failures.describe(e), e));
      }
    }
    throw failure;
  }

  private static IOException keep(IOException earlier, IOException latest) {
    if (earlier != null) {
      latest.addSuppressed(earlier);
    }
    return latest;
  }

  // ---------------------------------------------------------------------------------------
  // Keys

  private String fullKey(BlobKey key) {
    return keyPrefix + key.value();
  }

  private BlobKey toBlobKey(String full) {
    if (!full.startsWith(keyPrefix)) {
      return null;
    }
    try {
      return BlobKey.of(full.substring(keyPrefix.length()));
    } catch (InvalidNameException e) {
      LOG.debug("Skipping key '{}' in {}: it is not a valid key ({})", full, shown, e.getMessage());
      return null;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("Cannot use " + this + ": it is closed; open the store again");
    }
  }

  /**
   * Runs the write probe once per store instance before its first write, unless the store was
   * built for a single writer: a server that ignores conditional creates is refused here, before
   * it can lose an update.
   */
  private void ensureWritable() {
    probe.ensurePassed();
  }


  private String endpoint() {
    return client.serviceClientConfiguration().endpointOverride()
        .map(e -> e.getScheme() + "://" + e.getHost() + (e.getPort() < 0 ? "" : ":" + e.getPort()))
        .orElse("Amazon S3");
  }

  private static URI defaultLocation(String bucket, String prefix) {
    try {
      return new URI("s3", bucket, "/" + prefix, null, null);
    } catch (URISyntaxException e) {
      throw new BackendConfigurationException("Cannot make a location URI for bucket '" + bucket + "' and prefix '"
          + prefix + "': " + e.getMessage() + "; use a valid S3 bucket name", e);
    }
  }

  /**
   * Builds an {@link S3BlobStore}. Every setting may be given at most once; {@link #build()}
   * checks them together.
   */
  public static final class Builder {
    private final S3Client client;
    private final String bucket;
    private String prefix;
    private Long multipartThreshold;
    private Long partSize;
    private Integer parallelism;
    private Executor executor;
    private boolean ownsClient;
    private boolean singleWriter;
    private URI location;

    private Builder(S3Client client, String bucket) {
      this.client = InvalidRequestException.requireNonNull(client, "client");
      InvalidRequestException.requireNonNull(bucket, "bucket");
      if (bucket.isEmpty() || bucket.contains("/")) {
        throw new BackendConfigurationException("Cannot use '" + bucket + "' as a bucket name: it is "
            + (bucket.isEmpty() ? "empty" : "not a bare name (it contains '/')")
            + "; pass the bucket alone and the rest as the prefix");
      }
      this.bucket = bucket;
    }

    /**
     * Sets the prefix every key is stored under, such as {@code teams/vision}; leading and
     * trailing {@code /} are ignored. Default: {@code ""}, the bucket's root.
     *
     * @param prefix the prefix
     * @return this builder
     * @throws InvalidNameException if the prefix is not a valid key
     * @throws BackendConfigurationException if the prefix was already set
     */
    public Builder prefix(String prefix) {
      InvalidRequestException.requireNonNull(prefix, "prefix");
      requireUnset(this.prefix, "prefix");
      String trimmed = prefix;
      while (trimmed.startsWith("/")) {
        trimmed = trimmed.substring(1);
      }
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        BlobKey.of(trimmed);
      }
      this.prefix = trimmed;
      return this;
    }

    /**
     * Sets the size above which an object is uploaded in parts and read by parallel ranged
     * GETs. Default {@link #DEFAULT_MULTIPART_THRESHOLD}; at least the part size, at most
     * {@link #MAX_PART_SIZE} (S3's largest single PUT).
     *
     * @param bytes the threshold in bytes
     * @return this builder
     * @throws BackendConfigurationException if it was already set
     */
    public Builder multipartThreshold(long bytes) {
      requireUnset(multipartThreshold, "multipartThreshold");
      this.multipartThreshold = bytes;
      return this;
    }

    /**
     * Sets the size of the parts of an upload and of the ranges of a parallel read. Default
     * {@link #DEFAULT_PART_SIZE}; between {@link #MIN_PART_SIZE} and {@link #MAX_PART_SIZE}.
     * An object of more than 10,000 parts gets larger parts, as S3 allows no more.
     *
     * @param bytes the part size in bytes
     * @return this builder
     * @throws BackendConfigurationException if it was already set
     */
    public Builder partSize(long bytes) {
      requireUnset(partSize, "partSize");
      this.partSize = bytes;
      return this;
    }

    /**
     * Sets how many parts one upload or read sends or fetches at once, and the size of the
     * store's own thread pool. Default {@link #DEFAULT_PARALLELISM}; from 1 to 256.
     *
     * @param parts the number of parts in flight
     * @return this builder
     * @throws BackendConfigurationException if it was already set
     */
    public Builder parallelism(int parts) {
      requireUnset(parallelism, "parallelism");
      this.parallelism = parts;
      return this;
    }

    /**
     * Sets the executor that sends parts and fetches ranges, instead of a pool the store
     * creates and shuts down on close. The store never shuts this one down. Do not call the
     * store from this executor's own threads if it is bounded: an upload waits for its parts.
     *
     * @param executor the executor
     * @return this builder
     * @throws BackendConfigurationException if it was already set
     */
    public Builder executor(Executor executor) {
      InvalidRequestException.requireNonNull(executor, "executor");
      requireUnset(this.executor, "executor");
      this.executor = executor;
      return this;
    }

    /**
     * Skips the write probe: for a store that exactly one process ever writes to, on a server
     * that fails the probe (ignores {@code If-None-Match: *} and overwrites). Without the probe
     * nothing stops two writers from both "winning" the same log entry, and one's update is then
     * lost without an error. Default: the probe runs before the first write of each store
     * instance and is remembered under the prefix once it passed.
     *
     * @return this builder
     */
    public Builder singleWriter() {
      this.singleWriter = true;
      return this;
    }

    /** Makes the store close the client when it is closed: for clients the provider created. */
    Builder ownsClient() {
      this.ownsClient = true;
      return this;
    }

    /** Sets the location reported by the store: the URI it was opened from. */
    Builder location(URI location) {
      this.location = location;
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     * @throws BackendConfigurationException if a setting is out of range or settings conflict
     */
    public S3BlobStore build() {
      return new S3BlobStore(this);
    }

    private record Settings(String prefix, long multipartThreshold, long partSize, int parallelism) {
    }

    private Settings settings() {
      long part = partSize == null ? DEFAULT_PART_SIZE : partSize;
      if (part < MIN_PART_SIZE || part > MAX_PART_SIZE) {
        throw new BackendConfigurationException("Cannot build an S3 store: partSize must be between "
            + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE + " (5 GiB) bytes, was " + part + "; pick a size in range");
      }
      long threshold = multipartThreshold == null ? Math.max(DEFAULT_MULTIPART_THRESHOLD, part) : multipartThreshold;
      if (threshold < part) {
        throw new BackendConfigurationException("Cannot build an S3 store: multipartThreshold (" + threshold
            + ") is smaller than partSize (" + part + "); an object below one part is sent whole, so raise the "
            + "threshold or lower the part size");
      }
      if (threshold > MAX_PART_SIZE) {
        throw new BackendConfigurationException("Cannot build an S3 store: multipartThreshold must be at most "
            + MAX_PART_SIZE + " (5 GiB, the largest single PUT), was " + threshold + "; lower it");
      }
      int parts = parallelism == null ? DEFAULT_PARALLELISM : parallelism;
      if (parts < 1 || parts > MAX_PARALLELISM) {
        throw new BackendConfigurationException("Cannot build an S3 store: parallelism must be between 1 and "
            + MAX_PARALLELISM + ", was " + parts + "; pick a number in range");
      }
      return new Settings(prefix == null ? "" : prefix, threshold, part, parts);
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new BackendConfigurationException("Cannot set " + name + " twice: it was already set to " + current
            + "; set it once");
      }
    }
  }
}
