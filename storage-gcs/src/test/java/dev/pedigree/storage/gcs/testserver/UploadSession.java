package dev.pedigree.storage.gcs.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A resumable upload in progress: bytes persisted so far, what the object will be, and the
 * preconditions to check when it is finalized. Finalized at most once; afterwards every PUT or
 * status query answers with the same result (the object, or the error that ended it).
 */
final class UploadSession {
  private static final long QUANTUM = 256 * 1024;

  private final String id;
  private final TestBucket bucket;
  private final String objectName;
  private final String contentType;
  private final Map<String, String> metadata;
  private final Preconditions preconditions;
  private final Long declaredSize;
  private final String expectedMd5;
  private final String expectedCrc32c;
  private final StagedContent content;
  private StoredObject result;
  private GcsError failure;

  UploadSession(String id, TestBucket bucket, String objectName, String contentType, Map<String, String> metadata,
      Preconditions preconditions, Long declaredSize, String expectedMd5, String expectedCrc32c) {
    this.id = id;
    this.bucket = bucket;
    this.objectName = objectName;
    this.contentType = contentType;
    this.metadata = Map.copyOf(metadata);
    this.preconditions = preconditions;
    this.declaredSize = declaredSize;
    this.expectedMd5 = expectedMd5;
    this.expectedCrc32c = expectedCrc32c;
    this.content = new StagedContent(bucket.dir());
  }

  String id() {
    return id;
  }

  String objectName() {
    return objectName;
  }

  TestBucket bucket() {
    return bucket;
  }

  /** What a PUT or query found: the finished object, or the count of bytes persisted so far. */
  record State(StoredObject object, long persisted) {
  }

  /** Answers a status query ({@code Content-Range: bytes *}{@code /*}). */
  synchronized State query() {
    if (failure != null) {
      throw failure;
    }
    return new State(result, content.size());
  }

  /**
   * Takes one PUT: bytes {@code first..last} (none when {@code first < 0}) of an upload whose
   * total is {@code total} ({@code -1} when not yet known). Bytes already persisted are skipped,
   * as GCS does when a client resends them.
   */
  synchronized State put(long first, long last, long total, InputStream body, String hashHeader) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (result != null) {
      return new State(result, result.size());
    }
    long persisted = content.size();
    if (first >= 0) {
      long length = last - first + 1;
      if (first > persisted) {
        throw GcsError.badRequest("Content-Range starts at " + first + " but only " + persisted
            + " bytes are persisted; query the session and resend from there");
      }
      boolean finalChunk = total >= 0 && last + 1 == total;
      if (!finalChunk && length % QUANTUM != 0) {
        throw GcsError.badRequest("A chunk other than the last must be a multiple of 262144 bytes, this one has "
            + length);
      }
      body.skipNBytes(persisted - first);
      long wanted = last + 1 - persisted;
      long got = content.append(body, wanted);
      if (got != wanted || body.read() >= 0) {
        throw GcsError.badRequest("The body's length does not match Content-Range bytes " + first + "-" + last);
      }
    }
    if (total >= 0 && content.size() == total) {
      return finish(total, hashHeader);
    }
    if (total >= 0 && content.size() > total) {
      fail(GcsError.badRequest("More bytes were sent (" + content.size() + ") than the declared total " + total));
    }
    return new State(null, content.size());
  }

  synchronized void cancel() {
    if (result == null && failure == null) {
      failure = new GcsError(499, "clientClosedRequest", "The upload was cancelled");
      content.discard();
    }
  }

  private State finish(long total, String hashHeader) throws IOException {
    content.finish();
    if (declaredSize != null && declaredSize != total) {
      fail(GcsError.badRequest("The upload's X-Upload-Content-Length was " + declaredSize + " but " + total
          + " bytes were sent"));
    }
    String crc32c = content.crc32cBase64();
    String headerCrc32c = hashValue(hashHeader, "crc32c");
    if ((expectedCrc32c != null && !expectedCrc32c.equals(crc32c)) || (headerCrc32c != null && !headerCrc32c.equals(crc32c))) {
      fail(GcsError.badRequest("The CRC32C of the uploaded content (" + crc32c + ") does not match the one given"));
    }
    if (expectedMd5 != null && !expectedMd5.equals(content.md5Base64())) {
      fail(GcsError.badRequest("The MD5 of the uploaded content does not match the one given"));
    }
    try {
      result = bucket.commit(objectName, content, contentType, metadata, preconditions);
    } catch (GcsError e) {
      failure = e;
      throw e;
    }
    return new State(result, result.size());
  }

  private void fail(GcsError error) {
    failure = error;
    content.discard();
    throw error;
  }

  static String hashValue(String header, String algorithm) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(",")) {
      String trimmed = part.trim();
      if (trimmed.startsWith(algorithm + "=")) {
        return trimmed.substring(algorithm.length() + 1);
      }
    }
    return null;
  }
}
