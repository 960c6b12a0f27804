package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.storage.BlobKey;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Objects above the multipart threshold are read as parallel ranged GETs, correctly and in order. */
class S3ParallelReadTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final long MIB = 1 << 20;
  private static final long SIZE = 23 * MIB + 7;
  private static final long SEED = 42;
  private static final BlobKey KEY = BlobKey.of("objects/big");
  private static String bucket;
  /** 5 MiB ranges, 3 ahead: the object is 5 ranges. */
  private static S3BlobStore store;

  @BeforeAll
  static void open() {
    bucket = S3.createBucket();
    store = S3BlobStore.builder(S3.client(), bucket).prefix("reads")
        .partSize(5 * MIB).multipartThreshold(5 * MIB).parallelism(3).build();
    store.write(KEY, TestContent.generated(SEED, SIZE));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aLargeObjectReadsBackByteForByte() throws IOException {
    try (InputStream in = store.read(KEY)) {
      assertThat(in).isInstanceOf(ParallelRangeInputStream.class);
      assertThat(TestContent.sha256(in)).isEqualTo(TestContent.sha256(TestContent.generated(SEED, SIZE)));
    }
  }

  @Test
  void readsOfOddSizesAndSingleBytesCrossRangeBoundariesCorrectly() throws IOException {
    try (InputStream in = store.read(KEY)) {
      long position = 0;
      byte[] buffer = new byte[777_777];
      // Bulk reads up to just before the first boundary, then byte by byte across it.
      while (position < 5 * MIB - 3) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, 5 * MIB - 3 - position));
        for (int i = 0; i < n; i++) {
          assertThat(buffer[i] & 0xff).isEqualTo(TestContent.byteAt(SEED, position + i));
        }
        position += n;
      }
      for (int i = 0; i < 10; i++, position++) {
        assertThat(in.read()).isEqualTo(TestContent.byteAt(SEED, position));
      }
      long rest = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        assertThat(buffer[0] & 0xff).isEqualTo(TestContent.byteAt(SEED, position + rest));
        rest += n;
      }
      assertThat(position + rest).isEqualTo(SIZE);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void closingEarlyStopsCleanlyAndTheStoreGoesOn() throws IOException {
    for (int i = 0; i < 5; i++) {
      try (InputStream in = store.read(KEY)) {
        assertThat(in.read()).isEqualTo(TestContent.byteAt(SEED, 0));
      }
    }
    try (InputStream in = store.read(KEY)) {
      assertThat(in.readNBytes(16)).hasSize(16);
    }
  }

  @Test
  void anObjectReplacedWhileBeingReadFailsTheReadInsteadOfMixingVersions() throws IOException {
    BlobKey key = BlobKey.of("objects/replaced");
    long size = 40 * MIB;
    store.write(key, TestContent.generated(1, size));
    try (InputStream in = store.read(key)) {
      // The first range comes from the open response and 3 more are fetched at once; the
      // ranges after those are asked for only as the reader goes on, after the replacement.
      assertThat(in.readNBytes((int) (5 * MIB))).hasSize((int) (5 * MIB));
      store.write(key, TestContent.generated(2, size));
      assertThatThrownBy(() -> TestContent.sha256(in))
          .hasRootCauseInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
          .hasMessageContaining("replaced while being read");
    } finally {
      store.delete(key);
    }
  }

  @Test
  void objectsAtOrBelowTheThresholdAreOneStreamingGet() throws IOException {
    BlobKey key = BlobKey.of("objects/at-threshold");
    store.write(key, TestContent.generated(5, 5 * MIB));
    try (InputStream in = store.read(key)) {
      assertThat(in).isNotInstanceOf(ParallelRangeInputStream.class);
      assertThat(TestContent.sha256(in)).isEqualTo(TestContent.sha256(TestContent.generated(5, 5 * MIB)));
    }
    store.delete(key);
  }

  @Test
  void aStoreWithoutParallelismReadsLargeObjectsAsOneStream() throws IOException {
    try (S3BlobStore sequential = S3BlobStore.builder(S3.client(), bucket).prefix("reads")
        .partSize(5 * MIB).multipartThreshold(5 * MIB).parallelism(1).build();
        InputStream in = sequential.read(KEY)) {
      assertThat(in).isNotInstanceOf(ParallelRangeInputStream.class);
      assertThat(TestContent.sha256(in)).isEqualTo(TestContent.sha256(TestContent.generated(SEED, SIZE)));
    }
  }

  @Test
  void aStoreWithItsOwnExecutorUsesIt() throws IOException {
    java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try (S3BlobStore withExecutor = S3BlobStore.builder(S3.client(), bucket).prefix("reads")
        .partSize(5 * MIB).multipartThreshold(5 * MIB).parallelism(2)
        .executor(task -> {
          tasks.incrementAndGet();
          pool.execute(task);
        }).build()) {
      try (InputStream in = withExecutor.read(KEY)) {
        assertThat(TestContent.sha256(in)).isEqualTo(TestContent.sha256(TestContent.generated(SEED, SIZE)));
      }
      // 5 ranges: the first from the plain GET, the other 4 fetched on the executor.
      assertThat(tasks).hasValue(4);
    } finally {
      pool.shutdownNow();
    }
    assertThat(pool.isShutdown()).isTrue();
  }

  @Test
  void aStoreWithOtherRangeSizesReadsTheSameBytes() {
    try (S3BlobStore other = S3BlobStore.builder(S3.client(), bucket).prefix("reads")
        .partSize(6 * MIB).multipartThreshold(6 * MIB).parallelism(4).build()) {
      assertThat(TestContent.sha256(other.read(KEY))).isEqualTo(TestContent.sha256(TestContent.generated(SEED, SIZE)));
    }
  }
}
