package dev.pedigree.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.BlobNotFoundException;
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
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsAbandonedUploads;
import dev.pedigree.storage.SupportsStagedWrites;
import dev.pedigree.storage.WriteProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} on a Google Cloud Storage bucket: every key is an object named
 * {@code prefix + key} in one bucket.
 *
 * <p>{@link #createIfAbsent} sends the write with the precondition {@code ifGenerationMatch=0},
 * which the service checks atomically, so of any number of concurrent creates of one key, from
 * any number of machines, exactly one succeeds. Small content goes up in one request; content
 * larger than 4 MiB goes up as a resumable upload streamed from the source, so no object is
 * held in memory whole. Reads stream and never mix two versions of an object.
 *
 * <p>Each conditional create carries a random write id in the object's custom metadata
 * ({@code pedigree-write-id}). When the client had to retry a create whose first attempt may have
 * landed, or the answer was lost, the store reads the object back: its own write id means this
 * call created it, another one means the key already existed. Only when that cannot be told
 * does it throw {@link OutcomeUnknownException}.
 *
 * <p>Open one from a URI with {@code BlobStores.open("gs://bucket/prefix")} (see
 * {@link GcsBlobStoreProvider}), or around a client you configured yourself:
 *
 * <pre>{@code
 * Storage storage = StorageOptions.getDefaultInstance().getService();
 * try (BlobStore store = new GcsBlobStore(storage, "my-bucket", "team/repo")) { ... }
 * }</pre>
 *
 * <p>{@link #stage} writes content whose key is not known yet (an object being hashed) in one
 * pass with no local copy: a resumable upload to a staging object under
 * {@code .pedigree staging/}, which publishing rewrites under its key with
 * {@code ifGenerationMatch=0} and deletes; memory stays within one chunk. Staging objects a dead
 * writer left are listed by {@link #pendingUploads} for garbage collection.
 *
 * <p>A store made with the public constructor does not close the client it was given.
 */
public final class GcsBlobStore implements BlobStore, SupportsStagedWrites, SupportsAbandonedUploads {
  /** The custom-metadata key that holds the id of the conditional create that wrote an object. */
  static final String WRITE_ID = "pedigree-write-id";
  /** The folder of staging objects, under the store's prefix; the space keeps it out of listings. */
  static final String STAGING_FOLDER = ".pedigree staging/";

  static final int DEFAULT_SINGLE_REQUEST_LIMIT = 4 * 1024 * 1024;
  static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
  private static final int CHUNK_GRANULARITY = 256 * 1024;
  /** The most objects the service returns for one list request. */
  private static final int SERVICE_PAGE_LIMIT = 1000;
  private static final int COPY_BUFFER_SIZE = 256 * 1024;
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final Logger LOG = LoggerFactory.getLogger(GcsBlobStore.class);

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final URI location;
  private final boolean ownsStorage;
  private final int singleRequestLimit;
  private final int chunkSize;
  private final WriteProbe probe;

  /**
   * Creates a store on a bucket through a client the caller configured and keeps: closing the
   * store does not close the client.
   *
   * @param storage the client (JSON/HTTP transport), with its credentials and retry settings
   * @param bucket the bucket, which must exist
   * @param prefix the object-name prefix for every key ({@code ""} for the bucket's root; a
   *     trailing {@code /} is added when missing)
   * @throws dev.pedigree.exceptions.BackendConfigurationException if the bucket name or the
   *     prefix is not valid
   */
  public GcsBlobStore(Storage storage, String bucket, String prefix) {
    this(storage, bucket, prefix, null, false, DEFAULT_SINGLE_REQUEST_LIMIT, DEFAULT_CHUNK_SIZE, false);
  }

  /**
   * Creates a store that skips the write probe: only for a store that exactly one process ever
   * writes to, on a service that fails the probe (an emulator that ignores
   * {@code ifGenerationMatch=0} and overwrites). Without the probe nothing stops two writers
   * from both "winning" the same log entry, and one's update is then lost without an error.
   *
   * @param storage the client, kept open when the store closes
   * @param bucket the bucket, which must exist
   * @param prefix the object-name prefix for every key
   * @return the store
   * @throws dev.pedigree.exceptions.BackendConfigurationException if the bucket name or the
   *     prefix is not valid
   */
  public static GcsBlobStore singleWriter(Storage storage, String bucket, String prefix) {
    return new GcsBlobStore(storage, bucket, prefix, null, false, DEFAULT_SINGLE_REQUEST_LIMIT, DEFAULT_CHUNK_SIZE,
        true);
  }

  GcsBlobStore(Storage storage, String bucket, String prefix, URI location, boolean ownsStorage,
      int singleRequestLimit, int chunkSize, boolean singleWriter) {
    this.storage = InvalidRequestException.requireNonNull(storage, "storage");
    String shown = "gs://" + bucket + "/" + (prefix == null ? "" : prefix);
    this.bucket = GcsLocation.requireBucket(bucket, shown);
    this.prefix = GcsLocation.normalizePrefix(prefix, shown);
    this.location = location != null ? location : URI.create("gs://" + this.bucket + "/" + this.prefix);
    this.ownsStorage = ownsStorage;
    if (singleRequestLimit < 0) {
      throw new BackendConfigurationException("Cannot open " + shown + ": singleRequestLimit must not be negative, was "
          + singleRequestLimit + "; use 0 or more");
    }
    if (chunkSize < CHUNK_GRANULARITY || chunkSize % CHUNK_GRANULARITY != 0) {
      throw new BackendConfigurationException("Cannot open " + shown + ": chunkSize must be a positive multiple of "
          + "256 KiB, was " + chunkSize + "; round it to a multiple of 262144");
    }
    this.singleRequestLimit = singleRequestLimit;
    this.chunkSize = chunkSize;
    String store = "gs://" + this.bucket + "/" + this.prefix;
    this.probe = singleWriter ? WriteProbe.skipped()
        : new WriteProbe(() -> new GcsWriteProbe(storage, this.bucket, this.prefix, store).run());
  }

  @Override
  public URI location() {
    return location;
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    Blob blob;
    try {
      blob = storage.get(id(key));
    } catch (RuntimeException e) {
      throw GcsErrors.failure("stat " + where(key), e, bucket);
    }
    return blob == null ? Optional.empty() : Optional.of(new BlobInfo(key, sizeOf(blob)));
  }

  @Override
  public InputStream read(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    try {
      ReadChannel channel = storage.reader(id(key));
      // Unbuffered: the stream has its own small buffer, so a small object costs no 2 MiB chunk.
      channel.setChunkSize(0);
      return GcsObjectInputStream.open(channel, where(key), bucket);
    } catch (IOException | RuntimeException e) {
      if (GcsErrors.notFound(e)) {
        throw new BlobNotFoundException(key.value(), displayLocation());
      }
      throw GcsErrors.failure("read " + where(key), e, bucket);
    }
  }

  /** One read of the range through the client's channel, which asks the server for those bytes only. */
  @Override
  public InputStream read(BlobKey key, long offset, long length) {
    BlobRanges.check(key, offset, length);
    if (length == 0) {
      BlobInfo info = stat(key).orElseThrow(() -> new BlobNotFoundException(key.value(), location.toString()));
      if (info.size() < offset) {
        throw BlobRanges.tooShort(key, offset, length, location, 0);
      }
      return InputStream.nullInputStream();
    }
    try {
      ReadChannel channel = storage.reader(id(key));
      channel.setChunkSize(0);
      channel.seek(offset);
      channel.limit(offset + length);
      return BlobRanges.exactly(GcsObjectInputStream.open(channel, where(key), bucket), key, offset, length, location);
    } catch (IOException | RuntimeException e) {
      if (GcsErrors.notFound(e)) {
        throw new BlobNotFoundException(key.value(), location.toString());
      }
      if (e.getMessage() != null && e.getMessage().contains("416")) {
        throw BlobRanges.tooShort(key, offset, length, location, 0);
      }
      throw GcsErrors.failure("read a range of " + where(key), e, bucket);
    }
  }

  @Override
  public void write(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(key, "key");
    InvalidRequestException.requireNonNull(content, "content");
    ensureWritable();
    try {
      upload(key, content, objectInfo(key, null), false);
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (GcsErrors.rejected(e)) {
        throw GcsErrors.failure("write " + where(key), e, bucket);
      }
      throw new OutcomeUnknownException(key.value(), "Cannot write " + where(key) + ": " + GcsErrors.why(e)
          + " and the write may or may not have taken effect; read the key to see which content it holds", e);
    }
  }

  @Override
  public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
    InvalidRequestException.requireNonNull(key, "key");
    InvalidRequestException.requireNonNull(content, "content");
    ensureWritable();
    String writeId = UUID.randomUUID().toString();
    try {
      upload(key, content, objectInfo(key, writeId), true);
      return CreateResult.CREATED;
    } catch (StorageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return settle(key, writeId, e);
    }
  }

  @Override
  public BlobPage list(String prefix, BlobKey startAfter, int maxKeys) {
    BlobKey.requireValidPrefix(prefix);
    if (maxKeys < 1) {
      throw new InvalidRequestException("Cannot list keys: maxKeys must be at least 1, was " + maxKeys
          + "; ask for one key or more");
    }
    // Two more than the page: one in case the service's inclusive startOffset returns startAfter
    // itself, one to learn whether more keys follow, so a page usually costs one request.
    int limit = Math.min(maxKeys, SERVICE_PAGE_LIMIT - 2);
    String listPrefix = this.prefix + prefix;
    String after = startAfter == null ? null : name(startAfter);
    List<BlobListOption> options = new ArrayList<>(List.of(
        BlobListOption.prefix(listPrefix),
        BlobListOption.pageSize(limit + 2L),
        BlobListOption.fields(BlobField.NAME, BlobField.SIZE)));
    if (after != null && after.compareTo(listPrefix) >= 0) {
      options.add(BlobListOption.startOffset(after));
    }
    List<BlobInfo> entries = new ArrayList<>();
    try {
      Page<Blob> page = storage.list(bucket, options.toArray(new BlobListOption[0]));
      while (true) {
        for (Blob blob : page.getValues()) {
          String name = blob.getName();
          if (!name.startsWith(listPrefix) || (after != null && name.compareTo(after) <= 0)) {
            continue;
          }
          BlobKey key = keyOf(name);
          if (key == null) {
            continue;
          }
          if (entries.size() == limit) {
            return new BlobPage(entries, Optional.of(entries.get(entries.size() - 1).key()));
          }
          entries.add(new BlobInfo(key, sizeOf(blob)));
        }
        if (!page.hasNextPage()) {
          return new BlobPage(entries, Optional.empty());
        }
        page = page.getNextPage();
      }
    } catch (RuntimeException e) {
      throw GcsErrors.failure("list gs://" + bucket + "/" + listPrefix, e, bucket);
    }
  }

  @Override
  public boolean delete(BlobKey key) {
    InvalidRequestException.requireNonNull(key, "key");
    try {
      return storage.delete(id(key));
    } catch (RuntimeException e) {
      throw GcsErrors.failure("delete " + where(key), e, bucket);
    }
  }

  /**
   * Starts writing content whose key is not known yet, in one pass with no local copy; see the
   * class description.
   *
   * @return the staged upload; close it to discard what was not published
   */
  @Override
  public StagedBlob stage() {
    ensureWritable();
    return new GcsStagedBlob(this, storage, bucket, GcsStagedBlob.newName(prefix), singleRequestLimit, chunkSize);
  }

  /** Rewrites a finished staging object under a key if absent ({@code ifGenerationMatch=0}). */
  CreateResult publishStaged(BlobKey key, BlobId staging) {
    String writeId = UUID.randomUUID().toString();
    try {
      storage.copy(Storage.CopyRequest.newBuilder().setSource(staging)
          .setTarget(objectInfo(key, writeId), BlobTargetOption.doesNotExist()).build()).getResult();
      return CreateResult.CREATED;
    } catch (RuntimeException e) {
      return settle(key, writeId, e);
    }
  }

  /**
   * Lists the staging objects (see {@link #stage}) written before a time: what writers that
   * died between finishing an upload and publishing it left. Unfinished resumable sessions are
   * not listed: the service expires them and they hold nothing visible.
   *
   * @param startedBefore the time
   * @return the staging objects
   */
  @Override
  public List<PendingUpload> pendingUploads(java.time.Instant startedBefore) {
    List<PendingUpload> found = new ArrayList<>();
    try {
      for (Blob blob : storage.list(bucket, BlobListOption.prefix(prefix + STAGING_FOLDER)).iterateAll()) {
        java.time.OffsetDateTime written = blob.getUpdateTimeOffsetDateTime();
        if (written != null && written.toInstant().isBefore(startedBefore)) {
          found.add(new PendingUpload(blob.getName(), sizeOf(blob), written.toInstant()));
        }
      }
    } catch (RuntimeException e) {
      throw GcsErrors.failure("list the staging objects of gs://" + bucket + "/" + prefix, e, bucket);
    }
    return found;
  }

  /**
   * Deletes a staging object that {@link #pendingUploads} listed.
   *
   * @param upload the staging object
   * @return whether this call deleted it
   */
  @Override
  public boolean discard(PendingUpload upload) {
    InvalidRequestException.requireNonNull(upload, "upload");
    if (!upload.id().startsWith(prefix + STAGING_FOLDER)) {
      throw new InvalidNameException(upload.id(), "Cannot discard '" + upload.id() + "' in gs://" + bucket + "/"
          + prefix + ": it is not a staging object of this store; pass one that pendingUploads() listed");
    }
    try {
      return storage.delete(BlobId.of(bucket, upload.id()));
    } catch (RuntimeException e) {
      throw GcsErrors.failure("delete staging object gs://" + bucket + "/" + upload.id(), e, bucket);
    }
  }

  /**
   * Closes the client if this store opened it (a store from a URI); a client given to the
   * public constructor stays open.
   */
  @Override
  public void close() {
    if (!ownsStorage) {
      return;
    }
    try {
      storage.close();
    } catch (Exception e) {
      throw new StorageException("Cannot close the client of " + displayLocation() + ": " + e.getMessage()
          + "; nothing is lost, the store's writes were complete", e);
    }
  }

  @Override
  public String toString() {
    return "GcsBlobStore[gs://" + bucket + "/" + prefix + "]";
  }

  /**
   * Decides what a conditional create that failed, or met an existing object, did: reads the
   * object back and compares its write id with this call's.
   */
  private CreateResult settle(BlobKey key, String writeId, Throwable failure) {
    int status = GcsErrors.status(failure);
    Blob existing;
    try {
      existing = storage.get(id(key));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      if (GcsErrors.rejected(failure)) {
        throw GcsErrors.failure("create " + where(key), failure, bucket);
      }
      throw unknown(key, failure, "reading the key back failed too (" + GcsErrors.why(e) + ")");
    }
    if (existing != null) {
      Map<String, String> metadata = existing.getMetadata();
      boolean ours = metadata != null && writeId.equals(metadata.get(WRITE_ID));
      if (ours && status != 412) {
        LOG.debug("Create of {} failed on the client ({}) but had reached the service: it holds this call's write id",
            where(key), GcsErrors.why(failure));
      } else if (ours) {
        LOG.debug("Create of {} was retried by the client after its first attempt landed", where(key));
      }
      return ours ? CreateResult.CREATED : CreateResult.ALREADY_EXISTS;
    }
    if (status == 412) {
      // The object existed when the service checked and was deleted since; this call wrote nothing.
      return CreateResult.ALREADY_EXISTS;
    }
    if (GcsErrors.rejected(failure)) {
      throw GcsErrors.failure("create " + where(key), failure, bucket);
    }
    throw unknown(key, failure, "the key does not exist now, but the write may still land");
  }

  private OutcomeUnknownException unknown(BlobKey key, Throwable failure, String state) {
    return new OutcomeUnknownException(key.value(), "Cannot tell whether " + where(key) + " was created: "
        + GcsErrors.why(failure) + ", and " + state + "; read the key again before deciding what to do "
        + "(nothing was cleaned up)", failure);
  }

  /**
   * Sends the content: in one request when small, else as a resumable upload streamed from
   * the source (or from its file). Throws Pedigree's {@link StorageException} only for problems
   * of the source, before anything was finalized; every client failure is left to the caller.
   */
  private void upload(BlobKey key, BlobSource content, com.google.cloud.storage.BlobInfo info, boolean ifAbsent)
      throws IOException {
    long size = content.size();
    if (size <= singleRequestLimit) {
      byte[] bytes = readSmall(key, content, (int) size);
      BlobTargetOption[] options = ifAbsent
          ? new BlobTargetOption[] {BlobTargetOption.doesNotExist(), BlobTargetOption.disableGzipContent()}
          : new BlobTargetOption[] {BlobTargetOption.disableGzipContent()};
      storage.create(info, bytes, options);
      return;
    }
    BlobWriteOption[] options = ifAbsent
        ? new BlobWriteOption[] {BlobWriteOption.doesNotExist(), BlobWriteOption.disableGzipContent(),
            BlobWriteOption.expectedObjectSize(size)}
        : new BlobWriteOption[] {BlobWriteOption.disableGzipContent(), BlobWriteOption.expectedObjectSize(size)};
    Path file = content.file();
    if (file != null && sizeOf(file) == size) {
      // One streamed request from the file; the client resumes it from the file after a failure.
      storage.createFrom(info, file, chunkSize, options);
      return;
    }
    WriteChannel writer = storage.writer(info, options);
    writer.setChunkSize(chunkSize);
    copy(key, content, writer, size);
    // Only a complete, verified copy is finalized; on any failure above the upload session is
    // abandoned unfinished and nothing becomes visible.
    writer.close();
  }

  private void copy(BlobKey key, BlobSource content, WriteChannel writer, long size) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_SIZE];
    long total = 0;
    try (InputStream in = openSource(key, content)) {
      while (true) {
        int n = readSource(key, in, buffer);
        if (n < 0) {
          break;
        }
        total += n;
        if (total > size) {
          throw sizeMismatch(key, content, total + " or more");
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          writer.write(chunk);
        }
      }
    }
    if (total != size) {
      throw sizeMismatch(key, content, Long.toString(total));
    }
  }

  private static byte[] readSmall(BlobKey key, BlobSource content, int size) {
    try (InputStream in = openSource(key, content)) {
      byte[] bytes = in.readNBytes(size);
      if (bytes.length != size || in.read() >= 0) {
        throw sizeMismatch(key, content, bytes.length == size ? size + " or more" : Integer.toString(bytes.length));
      }
      return bytes;
    } catch (IOException e) {
      throw sourceFailure(key, e);
    }
  }

  private static InputStream openSource(BlobKey key, BlobSource content) {
    try {
      return content.open();
    } catch (IOException e) {
      throw sourceFailure(key, e);
    }
  }

  private static int readSource(BlobKey key, InputStream in, byte[] buffer) {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw sourceFailure(key, e);
    }
  }

  private static StorageException sourceFailure(BlobKey key, IOException e) {
    return new StorageException("Cannot write key '" + key + "': reading its content failed (" + e.getMessage()
        + "); nothing was written, check the source and retry", e);
  }

  private static StorageException sizeMismatch(BlobKey key, BlobSource content, String actual) {
    return new StorageException("Cannot write key '" + key + "': the source yielded " + actual
        + " bytes but declared " + content.size() + "; nothing was written, make sure the content does not change "
        + "while it is written");
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private com.google.cloud.storage.BlobInfo objectInfo(BlobKey key, String writeId) {
    com.google.cloud.storage.BlobInfo.Builder builder = com.google.cloud.storage.BlobInfo.newBuilder(id(key))
        .setContentType(CONTENT_TYPE);
    if (writeId != null) {
      builder.setMetadata(Map.of(WRITE_ID, writeId));
    }
    return builder.build();
  }

  private BlobKey keyOf(String name) {
    String text = name.substring(prefix.length());
    try {
      return BlobKey.of(text);
    } catch (InvalidNameException e) {
      LOG.debug("Skipping object gs://{}/{} while listing: its name is not a Pedigree key", bucket, name);
      return null;
    }
  }

  private static long sizeOf(Blob blob) {
    Long size = blob.getSize();
    return size == null ? 0 : size;
  }

  private String name(BlobKey key) {
    return prefix + key.value();
  }

  /**
   * Runs the write probe once per store instance before its first write, unless the store was
   * made for a single writer: a service that ignores {@code ifGenerationMatch=0} is refused
   * here, before it can lose an update.
   */
  private void ensureWritable() {
    probe.ensurePassed();
  }


  private BlobId id(BlobKey key) {
    return BlobId.of(bucket, name(key));
  }

  private String where(BlobKey key) {
    return "gs://" + bucket + "/" + name(key);
  }
}
