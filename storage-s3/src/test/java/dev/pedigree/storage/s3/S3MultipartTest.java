package dev.pedigree.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large objects go up as parallel multipart uploads, and create-if-absent holds for them too. */
class S3MultipartTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final long MIB = 1 << 20;
  private static String bucket;
  /** Default settings: 16 MiB threshold, 8 MiB parts, 4 in parallel. */
  private static S3BlobStore store;
  /** The smallest parts S3 allows, so that small objects still make several parts. */
  private static S3BlobStore smallParts;

  @BeforeAll
  static void open() {
    bucket = S3.createBucket();
    store = new S3BlobStore(S3.client(), bucket, "multipart");
    smallParts = S3BlobStore.builder(S3.client(), bucket).prefix("small-parts")
        .partSize(5 * MIB).multipartThreshold(5 * MIB).parallelism(3).build();
  }

  @AfterAll
  static void close() {
    store.close();
    smallParts.close();
  }

  @AfterEach
  void noUploadIsLeftBehind() {
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aSixtyFourMebibyteObjectIsCreatedConditionallyAndASecondCreateFindsIt() {
    BlobKey key = BlobKey.of("objects/sha256/large");
    long size = 64 * MIB + 12_345;
    BlobSource first = TestContent.generated(1, size);
    BlobSource second = TestContent.generated(2, size);

    assertThat(store.createIfAbsent(key, first)).isEqualTo(CreateResult.CREATED);
    assertThat(store.stat(key)).contains(new BlobInfo(key, size));
    // 9 parts of 8 MiB: S3 marks a multipart object's ETag with its part count.
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("multipart/" + key)).eTag()).endsWith("-9\"");
    String expected = TestContent.sha256(first);
    assertThat(TestContent.sha256(store.read(key))).isEqualTo(expected);

    assertThat(store.createIfAbsent(key, second)).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(TestContent.sha256(store.read(key))).isEqualTo(expected);
    assertThat(store.delete(key)).isTrue();
  }

  @Test
  void aFileIsUploadedInPartsStraightFromItsChannel(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("weights.bin");
    try (InputStream in = TestContent.stream(3, 17 * MIB + 3); OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    BlobKey key = BlobKey.of("objects/file");
    assertThat(smallParts.createIfAbsent(key, BlobSource.ofFile(file))).isEqualTo(CreateResult.CREATED);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("small-parts/" + key)).eTag()).endsWith("-4\"");
    assertThat(TestContent.sha256(smallParts.read(key))).isEqualTo(TestContent.sha256(Files.newInputStream(file)));
    smallParts.delete(key);
  }

  @Test
  void ofFourThreadsRacingMultipartCreatesExactlyOneWins() throws Exception {
    int writers = 4;
    BlobKey key = BlobKey.of("objects/raced");
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<Future<CreateResult>> results = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        BlobSource content = TestContent.generated(100 + t, 12 * MIB);
        results.add(threads.submit(() -> {
          start.await();
          return smallParts.createIfAbsent(key, content);
        }));
      }
      List<Integer> winners = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        if (results.get(t).get() == CreateResult.CREATED) {
          winners.add(t);
        }
      }
      assertThat(winners).hasSize(1);
      assertThat(TestContent.sha256(smallParts.read(key)))
          .isEqualTo(TestContent.sha256(TestContent.generated(100 + winners.get(0), 12 * MIB)));
    } finally {
      threads.shutdownNow();
      smallParts.delete(key);
    }
  }

  @Test
  void anUnconditionalMultipartWriteReplacesTheContent() {
    BlobKey key = BlobKey.of("cache/large");
    smallParts.write(key, TestContent.generated(7, 11 * MIB));
    smallParts.write(key, TestContent.generated(8, 6 * MIB));
    assertThat(smallParts.stat(key)).contains(new BlobInfo(key, 6 * MIB));
    assertThat(TestContent.sha256(smallParts.read(key)))
        .isEqualTo(TestContent.sha256(TestContent.generated(8, 6 * MIB)));
    smallParts.delete(key);
  }

  @Test
  void aSourceShorterThanItDeclaresFailsAndCreatesNothing() {
    BlobKey key = BlobKey.of("objects/short");
    BlobSource lying = new BlobSource() {
      @Override
      public long size() {
        return 12 * MIB;
      }

      @Override
      public InputStream open() {
        return TestContent.stream(9, 11 * MIB);
      }
    };
    assertThatThrownBy(() -> smallParts.createIfAbsent(key, lying))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("objects/short")
        .hasMessageContaining("ended after");
    assertThat(smallParts.stat(key)).isEmpty();
  }

  @Test
  void aSmallSourceShorterThanItDeclaresFailsAndCreatesNothing() {
    BlobKey key = BlobKey.of("objects/short-small");
    BlobSource lying = new BlobSource() {
      @Override
      public long size() {
        return 100;
      }

      @Override
      public InputStream open() {
        return TestContent.stream(9, 60);
      }
    };
    assertThatThrownBy(() -> store.createIfAbsent(key, lying))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("ended after 60 bytes");
    assertThat(store.stat(key)).isEmpty();
  }

  @Test
  void aSourceLongerThanItDeclaresFailsAndCreatesNothing() {
    BlobKey key = BlobKey.of("objects/long-small");
    BlobSource lying = new BlobSource() {
      @Override
      public long size() {
        return 50;
      }

      @Override
      public InputStream open() {
        return TestContent.stream(9, 60);
      }
    };
    assertThatThrownBy(() -> store.createIfAbsent(key, lying))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("more bytes than the 50 it declared");
    assertThat(store.stat(key)).isEmpty();
  }
}
