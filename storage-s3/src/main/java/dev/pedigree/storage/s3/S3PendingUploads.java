package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.storage.SupportsAbandonedUploads.PendingUpload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The multipart uploads under a store's prefix that were started and never completed nor
 * aborted (their parts cost storage until someone aborts them). Separate from
 * {@link S3BlobStore} so the store stays about its keys.
 */
final class S3PendingUploads {
  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;
  private final String location;

  S3PendingUploads(S3Client client, String bucket, String keyPrefix, String location) {
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.location = location;
  }

  List<PendingUpload> list(Instant startedBefore) {
    List<PendingUpload> found = new ArrayList<>();
    String keyMarker = null;
    String uploadMarker = null;
    try {
      while (true) {
        String keys = keyMarker;
        String uploads = uploadMarker;
        ListMultipartUploadsResponse page = client.listMultipartUploads(b -> b.bucket(bucket).prefix(keyPrefix)
            .keyMarker(keys).uploadIdMarker(uploads));
        for (MultipartUpload upload : page.uploads()) {
          if (upload.initiated() != null && upload.initiated().isBefore(startedBefore)) {
            found.add(new PendingUpload(upload.key() + " " + upload.uploadId(), bytesOf(upload), upload.initiated()));
          }
        }
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          found.addAll(staged(startedBefore));
          return found;
        }
        keyMarker = page.nextKeyMarker();
        uploadMarker = page.nextUploadIdMarker();
      }
    } catch (SdkException e) {
      throw S3Failures.map("list unfinished multipart uploads", location, null, e);
    }
  }

  /** Staged objects (completed, never published nor deleted) written before a time. */
  private List<PendingUpload> staged(Instant writtenBefore) {
    List<PendingUpload> found = new ArrayList<>();
    for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix
        + S3BlobStore.STAGING_FOLDER)).contents()) {
      if (object.lastModified() != null && object.lastModified().isBefore(writtenBefore)) {
        found.add(new PendingUpload(object.key(), object.size() == null ? 0 : object.size(), object.lastModified()));
      }
    }
    return found;
  }

  boolean discard(PendingUpload upload) {
    String id = upload.id();
    if (id.startsWith(keyPrefix + S3BlobStore.STAGING_FOLDER) && id.indexOf(' ', (keyPrefix
        + S3BlobStore.STAGING_FOLDER).length()) < 0) {
      try {
        client.deleteObject(b -> b.bucket(bucket).key(id));
        return true;
      } catch (SdkException e) {
        throw S3Failures.map("delete staged object '" + id + "'", location, null, e);
      }
    }
    int space = id.lastIndexOf(' ');
    if (space <= 0 || !id.startsWith(keyPrefix)) {
      throw new InvalidNameException(id, "Cannot abort upload '" + id + "' in " + location
          + ": it is not an upload of this store; pass an upload that pendingUploads() listed");
    }
    String key = id.substring(0, space);
    String uploadId = id.substring(space + 1);
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      return true;
    } catch (SdkException e) {
      if (S3Failures.isNotFound(e)) {
        return false; // completed or aborted meanwhile
      }
      throw S3Failures.map("abort multipart upload of '" + key + "'", location, null, e);
    }
  }

  private long bytesOf(MultipartUpload upload) {
    long total = 0;
    Integer marker = null;
    while (true) {
      Integer after = marker;
      ListPartsResponse parts = client.listParts(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())
          .partNumberMarker(after));
      for (Part part : parts.parts()) {
        total += part.size() == null ? 0 : part.size();
      }
      if (!Boolean.TRUE.equals(parts.isTruncated())) {
        return total;
      }
      marker = parts.nextPartNumberMarker();
    }
  }
}
