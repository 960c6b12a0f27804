package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.BlobNotFoundException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3BlobStoreBasicsTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static String bucket;
  private static S3BlobStore store;

  @BeforeAll
  static void open() {
    bucket = S3.createBucket();
    store = new S3BlobStore(S3.client(), bucket, "basics/repo");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void writesReadsStatsAndDeletesUnderThePrefix() throws IOException {
    BlobKey key = BlobKey.of("objects/ab/cdef");
    store.write(key, BlobSource.ofBytes("hello".getBytes(UTF_8)));

    try (InputStream in = store.read(key)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("hello");
    }
    assertThat(store.stat(key)).contains(new BlobInfo(key, 5));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("basics/repo/objects/ab/cdef")).contentLength())
        .isEqualTo(5);

    assertThat(store.delete(key)).isTrue();
    assertThat(store.stat(key)).isEmpty();
    assertThat(store.delete(key)).isFalse();
  }

  @Test
  void createIfAbsentCreatesOnceAndKeepsTheFirstContent() throws IOException {
    BlobKey key = BlobKey.of("refs/main/0000000001");
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes("first".getBytes(UTF_8)))).isEqualTo(CreateResult.CREATED);
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes("second".getBytes(UTF_8))))
        .isEqualTo(CreateResult.ALREADY_EXISTS);
    try (InputStream in = store.read(key)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("first");
    }
  }

  @Test
  void writeReplacesContent() throws IOException {
    BlobKey key = BlobKey.of("cache/stat");
    store.write(key, BlobSource.ofBytes("one".getBytes(UTF_8)));
    store.write(key, BlobSource.ofBytes("two!".getBytes(UTF_8)));
    try (InputStream in = store.read(key)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("two!");
    }
  }

  @Test
  void emptyContentRoundTrips() throws IOException {
    BlobKey key = BlobKey.of("empty/one");
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes(new byte[0]))).isEqualTo(CreateResult.CREATED);
    assertThat(store.stat(key)).contains(new BlobInfo(key, 0));
    try (InputStream in = store.read(key)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void readingAMissingKeyIsBlobNotFound() {
    assertThatThrownBy(() -> store.read(BlobKey.of("missing/key")))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("missing/key")
        .satisfies(e -> assertThat(((BlobNotFoundException) e).key()).isEqualTo("missing/key"));
  }

  @Test
  void locationNamesBucketAndPrefix() {
    assertThat(store.location()).isEqualTo(URI.create("s3://" + bucket + "/basics/repo"));
    assertThat(store.bucket()).isEqualTo(bucket);
    assertThat(store.prefix()).isEqualTo("basics/repo");
  }
}
