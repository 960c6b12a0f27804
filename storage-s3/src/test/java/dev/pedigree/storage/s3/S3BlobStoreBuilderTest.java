package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.InvalidNameException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The builder is strict: every setting once, values in range, cross-field rules checked in build(). */
class S3BlobStoreBuilderTest {
  private static final S3Client CLIENT = S3ProxyServer.shared().client();

  @Test
  void aSettingGivenTwiceIsRejected() {
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").prefix("a").prefix("c"))
        .isInstanceOf(BackendConfigurationException.class).hasMessage("Cannot set prefix twice: it was already set to a; set it once");
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").parallelism(2).parallelism(3))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot set parallelism twice: it was already set to 2; set it once");
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").partSize(6 << 20).partSize(7 << 20))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot set partSize twice: it was already set to 6291456; set it once");
  }

  @Test
  void valuesOutOfRangeAreRejected() {
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").partSize(1 << 20).build())
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot build an S3 store: partSize must be between 5242880 (5 MiB) and 5368709120 (5 GiB) "
            + "bytes, was 1048576; pick a size in range");
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").parallelism(0).build())
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot build an S3 store: parallelism must be between 1 and 256, was 0; pick a number in range");
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").multipartThreshold(6L << 30).build())
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot build an S3 store: multipartThreshold must be at most 5368709120 (5 GiB, the largest "
            + "single PUT), was 6442450944; lower it");
  }

  @Test
  void aThresholdBelowThePartSizeConflicts() {
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b").partSize(32 << 20).multipartThreshold(16 << 20).build())
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot build an S3 store: multipartThreshold (16777216) is smaller than partSize (33554432); "
            + "an object below one part is sent whole, so raise the threshold or lower the part size");
  }

  @Test
  void aLargerPartSizeRaisesTheDefaultThreshold() {
    try (S3BlobStore store = S3BlobStore.builder(CLIENT, "b").partSize(32 << 20).build()) {
      assertThat(store.prefix()).isEmpty();
    }
  }

  @Test
  void bucketAndPrefixAreChecked() {
    assertThatThrownBy(() -> S3BlobStore.builder(CLIENT, "b/c"))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessage("Cannot use 'b/c' as a bucket name: it is not a bare name (it contains '/'); "
            + "pass the bucket alone and the rest as the prefix");
    assertThatThrownBy(() -> new S3BlobStore(CLIENT, "b", "a//b")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> new S3BlobStore(CLIENT, "b", "a/../b")).isInstanceOf(InvalidNameException.class);
    try (S3BlobStore store = new S3BlobStore(CLIENT, "b", "/a/b/")) {
      assertThat(store.prefix()).isEqualTo("a/b");
      assertThat(store.location().toString()).isEqualTo("s3://b/a/b");
    }
  }
}
