package dev.pedigree.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafeBackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capability probe run before the first write through a {@link GcsBlobStore}: proves that
 * the service refuses a second create with {@code ifGenerationMatch=0} of one object, in one
 * request and by a resumable upload, as Google's service does and some emulators do not. A
 * passed probe leaves a marker under the store's prefix, so later processes pay one read; the
 * marker's name is not a valid key, so no listing of the store shows it.
 */
final class GcsWriteProbe {
  /** The folder of the probe's objects, under the store's prefix; the space keeps it out of listings. */
  static final String FOLDER = ".pedigree probe/";
  /** The marker of a passed probe, under the store's prefix. */
  static final String MARKER = FOLDER + "conditional-create passed v1";
  private static final Logger LOG = LoggerFactory.getLogger(GcsWriteProbe.class);

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final String shown;

  GcsWriteProbe(Storage storage, String bucket, String prefix, String shown) {
    this.storage = storage;
    this.bucket = bucket;
    this.prefix = prefix;
    this.shown = shown;
  }

  /**
   * Returns normally if the store may be written: its marker is there, or the probe passed now.
   *
   * @throws UnsafeBackendException if the service would lose updates
   * @throws StorageException if the probe could not run (the caller may try again)
   */
  void run() {
    BlobId marker = BlobId.of(bucket, prefix + MARKER);
    try {
      if (storage.get(marker) != null) {
        return;
      }
    } catch (RuntimeException e) {
      throw GcsErrors.failure("check the write probe's marker in " + shown, e, bucket);
    }
    BlobId probe = BlobId.of(bucket, prefix + FOLDER + UUID.randomUUID());
    BlobInfo info = BlobInfo.newBuilder(probe).setContentType("text/plain").build();
    List<String> problems = new ArrayList<>();
    try {
      storage.create(info, bytes("first create"), BlobTargetOption.doesNotExist());
      if (createdAgain(() -> storage.create(info, bytes("second create"), BlobTargetOption.doesNotExist()))) {
        problems.add("a second create with ifGenerationMatch=0 of the same object succeeded and overwrote the first");
      }
      if (createdAgain(() -> {
        try (WriteChannel writer = storage.writer(info, BlobWriteOption.doesNotExist())) {
          writer.write(ByteBuffer.wrap(bytes("resumable create")));
        }
      })) {
        problems.add("a resumable upload with ifGenerationMatch=0 of an existing object succeeded and overwrote it");
      }
    } catch (IOException | RuntimeException e) {
      throw GcsErrors.failure("run the write probe (conditional creates under '" + FOLDER + "') in " + shown, e,
          bucket);
    } finally {
      delete(probe);
    }
    if (!problems.isEmpty()) {
      String endpoint = storage.getOptions().getHost();
      throw new UnsafeBackendException(shown, "Cannot write to " + shown + " through " + endpoint + ": the service "
          + "failed Pedigree's write probe: " + String.join("; and ", problems) + ". Such a service would let "
          + "concurrent writers both win the same log entry, so acknowledged updates would be lost without an "
          + "error; use Google Cloud Storage, an emulator that honours ifGenerationMatch=0, or a folder store. "
          + "Only if exactly one process ever writes to this store, add 'singleWriter=true' to the URI (or use "
          + "GcsBlobStore.singleWriter(...)): two writers would then silently lose updates");
    }
    try {
      storage.create(BlobInfo.newBuilder(marker).setContentType("text/plain").build(),
          bytes("Pedigree's write probe passed at " + Instant.now() + ": this service refuses a second create with "
              + "ifGenerationMatch=0. Delete this object to probe again.\n"));
    } catch (RuntimeException e) {
      throw GcsErrors.failure("store the write probe's marker in " + shown, e, bucket);
    }
  }

  private interface Create {
    void run() throws IOException;
  }

  /** Runs a second create; returns whether the service accepted it rather than answering 412. */
  private static boolean createdAgain(Create create) throws IOException {
    try {
      create.run();
      return true;
    } catch (IOException | RuntimeException e) {
      if (GcsErrors.status(e) == 412) {
        return false;
      }
      throw e;
    }
  }

  private static byte[] bytes(String text) {
    return ("pedigree probe: " + text).getBytes(StandardCharsets.UTF_8);
  }

  private void delete(BlobId probe) {
    try {
      storage.delete(probe);
    } catch (RuntimeException e) {
      // A probe object left behind is harmless: no listing shows it. The probe's own outcome matters more.
      LOG.warn("The write probe's object in {} could not be deleted ({}); it is harmless", shown, GcsErrors.why(e));
    }
  }
}
