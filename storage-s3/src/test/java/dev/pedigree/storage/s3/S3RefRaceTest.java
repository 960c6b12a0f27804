package dev.pedigree.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core's refs on the S3 protocol: many threads updating one ref by compare-and-swap lose no
 * update; every successful update is in the ref's log, in order, each entry following the one
 * before it.
 */
class S3RefRaceTest {
  private static final S3ProxyServer S3 = S3ProxyServer.shared();
  private static final int WRITERS = 6;
  private static final int UPDATES_EACH = 4;
  private static S3BlobStore store;

  @BeforeAll
  static void open() {
    store = new S3BlobStore(S3.client(), S3.createBucket(), "repo");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void racingCompareAndSwapUpdatesOfOneRefLoseNothing() throws Exception {
    RefStore refs = new RefStore(store);
    RefName name = RefName.of("artifacts/model/aliases/production");
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
    List<Future<List<RefEntry>>> writers = new ArrayList<>();
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(threads.submit(() -> {
          start.await();
          List<RefEntry> mine = new ArrayList<>();
          while (mine.size() < UPDATES_EACH) {
            Optional<Digest> current = refs.read(name);
            Digest next = Digest.of(("writer " + writer + " update " + mine.size()).getBytes(UTF_8));
            try {
              mine.add(refs.update(RefUpdate.of(name).expect(current).to(next)
                  .actor("writer-" + writer).reason("race").build()));
            } catch (RefConflictException e) {
              // Lost this round to another writer: read again and retry.
            }
          }
          return mine;
        }));
      }
      List<RefEntry> succeeded = new ArrayList<>();
      for (Future<List<RefEntry>> writer : writers) {
        succeeded.addAll(writer.get());
      }

      List<RefEntry> log = new ArrayList<>(refs.history(name).toList());
      Collections.reverse(log);
      assertThat(log).hasSize(WRITERS * UPDATES_EACH);
      for (int i = 0; i < log.size(); i++) {
        assertThat(log.get(i).sequence()).isEqualTo(i + 1);
        assertThat(log.get(i).previous()).isEqualTo(i == 0 ? Optional.empty() : log.get(i - 1).value());
      }
      assertThat(log).extracting(RefEntry::id).containsExactlyInAnyOrderElementsOf(
          succeeded.stream().map(RefEntry::id).toList());
      assertThat(refs.read(name)).isEqualTo(log.get(log.size() - 1).value());
    } finally {
      threads.shutdownNow();
    }
  }
}
