package dev.pedigree.storage.s3;

import dev.pedigree.storage.BlobStore;
import dev.pedigree.testing.LifecycleContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deletion, retention and garbage collection through S3Proxy on loopback; the second client is
 * a second SDK client on the same bucket and prefix, and an abandoned upload is an unfinished
 * multipart upload.
 */
class S3LifecycleContractTest extends LifecycleContract {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final String BUCKET = S3.createBucket();
  private String prefix;
  private S3Client secondSdkClient;

  @Override
  protected BlobStore newStore() {
    prefix = "lifecycle/" + UUID.randomUUID();
    return new S3BlobStore(S3.client(), BUCKET, prefix);
  }

  @Override
  protected BlobStore secondClient(BlobStore first) {
    secondSdkClient = S3.newClient(S3.endpoint());
    return new S3BlobStore(secondSdkClient, BUCKET, prefix);
  }

  @AfterEach
  void closeSecondClient() {
    if (secondSdkClient != null) {
      secondSdkClient.close();
    }
  }

  @Override
  protected boolean abandonUpload(BlobStore target, int bytes) {
    String key = prefix + "/objects/ab/abandoned";
    String uploadId = S3.client().createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    S3.client().uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[bytes]));
    return true;
  }
}
