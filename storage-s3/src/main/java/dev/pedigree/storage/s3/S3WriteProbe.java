package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.exceptions.UnsafeBackendException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The capability probe run before the first write through an {@link S3BlobStore}: proves that
 * the server refuses a second create-if-absent of one key, by PUT and by multipart completion,
 * and stores what it was sent byte for byte. A server that passes gets a marker under the
 * store's prefix, so later processes pay one HEAD; the marker's name is not a valid key, so no
 * listing of the store ever shows it.
 */
final class S3WriteProbe {
  /** The folder of the probe's keys, under the store's prefix; the space keeps it out of listings. */
  static final String FOLDER = ".pedigree probe/";
  /** The marker of a passed probe, under the store's prefix. */
  static final String MARKER = FOLDER + "conditional-create passed v1";

  private static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
      o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));

  private static final Logger LOG = LoggerFactory.getLogger(S3WriteProbe.class);

  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;
  private final String shown;
  private final String endpoint;

  S3WriteProbe(S3Client client, String bucket, String keyPrefix, String shown, String endpoint) {
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.shown = shown;
    this.endpoint = endpoint;
  }

  /**
   * Returns normally if the store may be written: its marker is there, or the probe passed now.
   *
   * @throws UnsafeBackendException if the server would lose updates or corrupt content
   * @throws StorageException if the probe could not run (the caller may try again)
   */
  void run() {
    String marker = keyPrefix + MARKER;
    try {
      client.headObject(b -> b.bucket(bucket).key(marker));
      return;
    } catch (SdkException e) {
      if (!S3Failures.isNotFound(e) || "NoSuchBucket".equals(S3Failures.code(e))) {
        throw S3Failures.map("check the write probe's marker", shown, null, e);
      }
    }
    String key = keyPrefix + FOLDER + UUID.randomUUID();
    List<String> problems = new ArrayList<>();
    try {
      byte[] first = ("pedigree probe, first create " + key).getBytes(StandardCharsets.UTF_8);
      put(key, first);
      if (acceptedAgain(key)) {
        problems.add("a second PutObject with 'If-None-Match: *' on the same key succeeded and overwrote the first");
      }
      byte[] stored = client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      if (ChunkFraming.framed(stored, stored.length)) {
        problems.add(ChunkFraming.ADVICE);
      } else if (problems.isEmpty() && !Arrays.equals(stored, first)) {
        problems.add("the object read back differs from what was written (" + stored.length + " bytes instead of "
            + first.length + "); check that the server stores content unchanged");
      }
      String multipart = multipartAcceptedAgain(key);
      if (multipart != null) {
        problems.add(multipart);
      }
    } catch (SdkException e) {
      throw S3Failures.map("run the write probe (conditional creates under '" + FOLDER + "')", shown, null, e);
    } finally {
      delete(key);
    }
    if (!problems.isEmpty()) {
      throw new UnsafeBackendException(shown, refusal(problems));
    }
    try {
      client.putObject(PutObjectRequest.builder().bucket(bucket).key(marker).contentType("text/plain").build(),
          RequestBody.fromString("Pedigree's write probe passed at " + Instant.now() + ": this server refuses a "
              + "second create-if-absent of one key. Delete this object to probe again.\n"));
    } catch (SdkException e) {
      throw S3Failures.map("store the write probe's marker", shown, null, e);
    }
  }

  private String refusal(List<String> problems) {
    return "Cannot write to " + shown + " through " + endpoint + ": the server failed Pedigree's write probe: "
        + String.join("; and ", problems) + ". Such a server would let concurrent writers both win the same log "
        + "entry, so acknowledged updates would be lost without an error; use Amazon S3 or a server that passes "
        + "this probe (S3Proxy does), or a folder store. Only if "
        + "exactly one process ever writes to this store, add 'singleWriter=true' to the URI (or call "
        + "S3BlobStore.Builder.singleWriter()): two writers would then silently lose updates";
  }

  private void put(String key, byte[] content) {
    client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*")
        .contentLength((long) content.length).contentType("text/plain")
        .overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)).build(), RequestBody.fromBytes(content));
  }

  /** Sends a second conditional PUT; returns whether the server accepted it. */
  private boolean acceptedAgain(String key) {
    try {
      put(key, ("pedigree probe, second create " + key).getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (SdkException e) {
      if (S3Failures.isPreconditionFailed(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Completes a multipart upload of an existing key with {@code If-None-Match: *}; returns what
   * went wrong, or {@code null} if the server refused it with 412 as it must.
   */
  private String multipartAcceptedAgain(String key) {
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("text/plain"))
        .uploadId();
    try {
      String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
          RequestBody.fromString("pedigree probe, multipart create " + key)).eTag();
      client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))
          .ifNoneMatch("*").overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)));
      return "a CompleteMultipartUpload with 'If-None-Match: *' on an existing key succeeded and overwrote it";
    } catch (SdkException e) {
      if (S3Failures.isPreconditionFailed(e)) {
        return null;
      }
      int status = S3Failures.status(e);
      if (status >= 400 && status < 500 || status == 501) {
        return "a CompleteMultipartUpload with 'If-None-Match: *' was refused with HTTP " + status
            + (S3Failures.code(e) == null ? "" : " " + S3Failures.code(e)) + " instead of 412, so objects above "
            + "the multipart threshold could never be created";
      }
      throw e;
    } finally {
      try {
        client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        // Completed (the server ignored the condition) or already gone: nothing left to abort.
        LOG.debug("The write probe's multipart upload in {} could not be aborted ({})", shown, S3Failures.describe(e));
      }
    }
  }

  private void delete(String key) {
    try {
      client.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      // A probe key left behind is harmless: no listing shows it. The probe's own outcome matters more.
      LOG.warn("The write probe's key in {} could not be deleted ({}); it is harmless", shown, S3Failures.describe(e));
    }
  }
}
