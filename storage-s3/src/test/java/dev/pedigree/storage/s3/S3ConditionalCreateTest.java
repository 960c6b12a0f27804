package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create-if-absent is atomic on a real S3 server: of racing creates, exactly one wins. */
class S3ConditionalCreateTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final int THREADS = 16;
  private static final int ROUNDS = 40;
  private static S3BlobStore store;

  @BeforeAll
  static void open() {
    store = new S3BlobStore(S3.client(), S3.createBucket(), "race");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void ofSixteenThreadsRacingToCreateOneKeyExactlyOneWinsEveryRound() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        BlobKey key = BlobKey.of("refs/heads/main/" + String.format("%010d", round));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<CreateResult>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          byte[] content = ("round " + round + " writer " + t).getBytes(UTF_8);
          results.add(threads.submit(() -> {
            start.await();
            return store.createIfAbsent(key, BlobSource.ofBytes(content));
          }));
        }
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          if (results.get(t).get() == CreateResult.CREATED) {
            winners.add(t);
          }
        }
        assertThat(winners).as("winners of round %d", round).hasSize(1);
        try (InputStream in = store.read(key)) {
          assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("round " + round + " writer " + winners.get(0));
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aLoserSeesTheWinnersContentUntouched() throws IOException {
    BlobKey key = BlobKey.of("versions/model/0000000007");
    assertThat(store.createIfAbsent(key, BlobSource.ofBytes("winner".getBytes(UTF_8)))).isEqualTo(CreateResult.CREATED);
    for (int i = 0; i < 3; i++) {
      assertThat(store.createIfAbsent(key, BlobSource.ofBytes(("loser " + i).getBytes(UTF_8))))
          .isEqualTo(CreateResult.ALREADY_EXISTS);
    }
    try (InputStream in = store.read(key)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("winner");
    }
  }
}
