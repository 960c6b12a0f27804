package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in: the S3-specific behaviour against a real bucket (see {@link RealS3} for the
 * environment variables); skipped when {@code PEDIGREE_S3_TEST_BUCKET} is not set.
 */
@EnabledIfEnvironmentVariable(named = RealS3.BUCKET_VARIABLE, matches = ".+")
class S3RealBucketTest {
  private static final long MIB = 1 << 20;
  private static BlobStore store;

  @BeforeAll
  static void open() {
    store = RealS3.openFreshStore();
  }

  @AfterAll
  static void clean() {
    if (store != null) {
      RealS3.deleteAll(store);
    }
  }

  @Test
  void racingCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
    int writers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 5; round++) {
        BlobKey key = BlobKey.of("race/" + round);
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<CreateResult>> results = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
          byte[] content = ("writer " + t).getBytes(UTF_8);
          results.add(threads.submit(() -> {
            start.await();
            return store.createIfAbsent(key, BlobSource.ofBytes(content));
          }));
        }
        int created = 0;
        for (Future<CreateResult> result : results) {
          created += result.get() == CreateResult.CREATED ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aMultipartCreateIsConditionalAndReadsBackInParallel() {
    BlobKey key = BlobKey.of("objects/large");
    BlobSource content = TestContent.generated(1, 40 * MIB + 5);
    assertThat(store.createIfAbsent(key, content)).isEqualTo(CreateResult.CREATED);
    assertThat(store.createIfAbsent(key, TestContent.generated(2, 40 * MIB + 5))).isEqualTo(CreateResult.ALREADY_EXISTS);
    assertThat(store.stat(key)).contains(new BlobInfo(key, 40 * MIB + 5));
    assertThat(TestContent.sha256(store.read(key))).isEqualTo(TestContent.sha256(content));
  }
}
