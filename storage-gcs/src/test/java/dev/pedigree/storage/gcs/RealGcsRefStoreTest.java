package dev.pedigree.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import dev.pedigree.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** No lost update on one ref in a real bucket; opt-in like {@link RealGcsContractTest}. */
@EnabledIfEnvironmentVariable(named = RealGcs.BUCKET_VARIABLE, matches = ".+")
class RealGcsRefStoreTest {
  @Test
  void fourWritersOnOneRefLoseNoUpdate() throws Exception {
    try (BlobStore store = RealGcs.openFreshStore()) {
      try {
        RefStore refs = new RefStore(store);
        RefName name = RefName.of("contended");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 3; ) {
              Optional<Digest> current = refs.read(name);
              try {
                refs.update(RefUpdate.of(name).expect(current)
                    .to(Digest.of((thread + "/" + i).getBytes(StandardCharsets.UTF_8))).actor("t" + thread).reason("r").build());
                i++;
              } catch (RefConflictException e) {
                // lost the race: read again and retry
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        pool.shutdown();
        List<RefEntry> history = refs.history(name).toList();
        assertThat(history).extracting(RefEntry::sequence).containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        for (int i = 0; i + 1 < history.size(); i++) {
          assertThat(history.get(i).previous()).isEqualTo(history.get(i + 1).value());
        }
      } finally {
        RealGcs.deleteEverything(store);
      }
    }
  }
}
