package dev.pedigree.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core's refs on the GCS protocol: compare-and-swap updates, their history, and no lost update
 * when many threads on two clients race on one ref.
 */
class GcsRefStoreTest {
  private static GcsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GcsFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void updatesAreCompareAndSwapAndTheLogIsTheHistory() {
    RefStore refs = new RefStore(fixture.newStore());
    RefName name = RefName.of("artifacts/churn/aliases/production");
    Digest first = digest("v1");
    Digest second = digest("v2");
    refs.update(RefUpdate.of(name).expectAbsent().to(first).actor("ci").reason("first release").build());
    refs.update(RefUpdate.of(name).expect(first).to(second).actor("ci").reason("promote").build());
    assertThatThrownBy(() -> refs.update(RefUpdate.of(name).expect(first).to(digest("v3")).actor("late").reason("stale").build()))
        .isInstanceOf(RefConflictException.class);
    assertThat(refs.read(name)).contains(second);
    List<RefEntry> history = refs.history(name).toList();
    assertThat(history).extracting(RefEntry::sequence).containsExactly(2L, 1L);
    assertThat(history.get(0).previous()).contains(first);
    assertThat(history.get(1).previous()).isEmpty();
    assertThat(history).extracting(RefEntry::reason).containsExactly("promote", "first release");
    assertThat(refs.entry(name, 1)).map(RefEntry::value).contains(Optional.of(first));
  }

  @Test
  @SuppressWarnings("try") // the client's close() declares Exception
  void manyWritersOnOneRefLoseNoUpdate() throws Exception {
    int threads = 8;
    int updatesEach = 5;
    String prefix = GcsFixture.freshPrefix();
    try (Storage second = fixture.server.client()) {
      List<RefStore> machines = List.of(new RefStore(GcsFixture.store(fixture.storage, prefix)),
          new RefStore(GcsFixture.store(second, prefix)));
      RefName name = RefName.of("contended");
      List<RefEntry> written = Collections.synchronizedList(new ArrayList<>());
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          RefStore refs = machines.get(t % machines.size());
          int thread = t;
          conflicts.add(pool.submit(() -> {
            start.await();
            int lost = 0;
            for (int done = 0; done < updatesEach; ) {
              Optional<Digest> current = refs.read(name);
              try {
                written.add(refs.update(RefUpdate.of(name).expect(current).to(digest(thread + "/" + done))
                    .actor("writer-" + thread).reason("update " + done).build()));
                done++;
              } catch (RefConflictException e) {
                lost++;
              }
            }
            return lost;
          }));
        }
        int lostRaces = 0;
        for (Future<Integer> f : conflicts) {
          lostRaces += f.get();
        }
        assertThat(lostRaces).as("the writers did race").isPositive();
      } finally {
        pool.shutdownNow();
      }

      List<RefEntry> history = machines.get(0).history(name).toList();
      int total = threads * updatesEach;
      assertThat(history).hasSize(total);
      // Every successful write is in the log exactly once, and each entry follows the one before it.
      assertThat(history.stream().map(RefEntry::id).collect(Collectors.toSet()))
          .isEqualTo(written.stream().map(RefEntry::id).collect(Collectors.toSet()));
      for (int i = 0; i < total; i++) {
        RefEntry entry = history.get(i);
        assertThat(entry.sequence()).isEqualTo(total - i);
        Optional<Digest> before = i + 1 < total ? history.get(i + 1).value() : Optional.empty();
        assertThat(entry.previous()).as("entry " + entry.sequence() + " follows its predecessor").isEqualTo(before);
      }
      assertThat(machines.get(1).read(name)).isEqualTo(history.get(0).value());
    }
  }

  private static Digest digest(String text) {
    return Digest.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
