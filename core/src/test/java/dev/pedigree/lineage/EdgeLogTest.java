package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.ForwardingBlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeLogTest {
  private static final EdgeRecord RUN = new EdgeRecord("r1", "train", RunStatus.SUCCEEDED, List.of("data:1"),
      List.of("model:1"));

  /** A store whose next create of a segment reports an unknown outcome, after or instead of writing it. */
  private static final class Flaky extends ForwardingBlobStore {
    boolean failNext;
    boolean writeBeforeFailing;

    @Override
    public CreateResult createIfAbsent(BlobKey key, BlobSource content) {
      if (failNext && key.value().startsWith(EdgeLog.PREFIX)) {
        failNext = false;
        if (writeBeforeFailing) {
          inner.createIfAbsent(key, content);
        }
        throw new OutcomeUnknownException(key.value(), "Cannot tell whether '" + key + "' was created: timeout", null);
      }
      return inner.createIfAbsent(key, content);
    }
  }

  @Test
  void anUnknownOutcomeThatLandedCountsAsWritten() {
    Flaky store = new Flaky();
    EdgeLog log = new EdgeLog(store);
    log.append(List.of(RUN));
    store.failNext = true;
    store.writeBeforeFailing = true;
    assertThat(log.append(List.of(RUN)).number()).isEqualTo(2);
    assertThat(log.append(List.of(RUN)).number()).isEqualTo(3);
    assertThat(store.inner.listAll(EdgeLog.PREFIX).count()).isEqualTo(3);
  }

  @Test
  void anUnknownOutcomeThatDidNotLandIsRethrownAndLeavesNoGap() {
    Flaky store = new Flaky();
    EdgeLog log = new EdgeLog(store);
    store.failNext = true;
    assertThatThrownBy(() -> log.append(List.of(RUN))).isInstanceOf(OutcomeUnknownException.class);
    assertThat(log.append(List.of(RUN)).number()).isEqualTo(1);
    assertThat(log.read(1)).isPresent();
    assertThat(log.read(2)).isEmpty();
  }

  @Test
  void aStaleWriterMovesPastSegmentsOthersWrote() {
    MemoryBlobStore store = new MemoryBlobStore();
    EdgeLog first = new EdgeLog(store);
    EdgeLog second = new EdgeLog(store);
    assertThat(first.append(List.of(RUN)).number()).isEqualTo(1);
    assertThat(second.append(List.of(RUN)).number()).isEqualTo(2);
    assertThat(first.append(List.of(RUN)).number()).isEqualTo(3);
    assertThat(dev.pedigree.internal.NumberedLog.lastExisting(n -> n <= 1_000_003)).isEqualTo(1_000_003);
    assertThat(dev.pedigree.internal.NumberedLog.lastExisting(n -> false)).isZero();
  }

  @Test
  void aDamagedSegmentIsACorruptRecord() {
    MemoryBlobStore store = new MemoryBlobStore();
    store.createIfAbsent(EdgeLog.keyOf(1), BlobSource.ofBytes("{\"format\":\"other\"}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> new EdgeLog(store).read(1)).isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("segment 1").hasMessageContaining("restore it from a backup");
  }
}
