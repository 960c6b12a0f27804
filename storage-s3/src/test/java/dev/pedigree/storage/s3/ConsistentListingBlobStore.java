package dev.pedigree.storage.s3;

import java.io.InputStream;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Makes S3Proxy's in-memory store list the way S3 does. S3Proxy 4.1.0 writes an object to a
 * temporary file named {@code <key>-<uuid>} next to the key and then moves it into place, and
 * a listing made meanwhile shows that temporary name as if it were a key (one that is gone a
 * moment later). S3 never lists an object that is not complete. Here a listing waits until no
 * write is moving a file into place, and writes stay concurrent with each other, so the
 * conditional-write races the tests run are still decided by S3Proxy itself.
 */
final class ConsistentListingBlobStore extends ForwardingBlobStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  ConsistentListingBlobStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    lock.writeLock().lock();
    try {
      return super.list(request);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    return writing(() -> super.putBlob(request, payload));
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return writing(() -> super.copyBlob(request));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
      CompleteMultipartUploadRequest request) {
    return writing(() -> super.completeMultipartUpload(upload, request));
  }

  private <T> T writing(Supplier<T> write) {
    lock.readLock().lock();
    try {
      return write.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}
