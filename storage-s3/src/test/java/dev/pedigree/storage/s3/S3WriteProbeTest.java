package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The write probe on S3Proxy, a server that honours {@code If-None-Match: *}: it passes, leaves
 * only its marker (which no listing of the store shows), and later stores find the marker.
 */
class S3WriteProbeTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();

  @Test
  void aConformingServerPassesOnceAndOnlyTheMarkerStays() {
    String bucket = S3.createBucket();
    String prefix = "probe-" + UUID.randomUUID();
    try (BlobStore store = new S3BlobStore(S3.client(), bucket, prefix)) {
      store.write(BlobKey.of("a"), BlobSource.ofBytes("one".getBytes(UTF_8)));
      assertThat(store.listAll("")).extracting(BlobInfo::key).containsExactly(BlobKey.of("a"));
    }
    try (BlobStore later = new S3BlobStore(S3.client(), bucket, prefix)) {
      later.write(BlobKey.of("b"), BlobSource.ofBytes("two".getBytes(UTF_8)));
      assertThat(later.list("", null, 2).hasMore()).isFalse();
    }
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix + "/" + S3WriteProbe.FOLDER)).contents())
        .extracting(S3Object::key).containsExactly(prefix + "/" + S3WriteProbe.MARKER);
  }
}
