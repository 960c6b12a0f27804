package dev.pedigree.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.StorageException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.ForwardingBlobStore;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The one record reader tells a damaged record (a {@link CorruptRecordException} naming its
 * key, with advice to restore it) from a store that fails to read it (a
 * {@link StorageException}, since the record may be intact and a retry may succeed).
 */
class RecordsTest {
  /** A stored record for the tests. */
  record Sample(String format, String name) {
  }

  /** A store whose reads can be made to fail, as a store that is down does. */
  static final class FlakyStore extends ForwardingBlobStore {
    volatile String downUnder = null;

    @Override
    public InputStream read(BlobKey key) {
      if (downUnder != null && key.value().startsWith(downUnder)) {
        throw new StorageException("Cannot read '" + key + "': connection reset; retry");
      }
      return inner.read(key);
    }
  }

  private final FlakyStore store = new FlakyStore();
  private final ObjectStore objects = new ObjectStore(store);

  @Test
  void aRecordThatIsNotJsonOfItsShapeIsCorruptionNamingItsKey() {
    for (String text : new String[] {"{not json", "null", "[1,2]", "{\"format\":\"s/1\",\"name\":\"a\"} trailing"}) {
      Digest digest = objects.put(text.getBytes(UTF_8));
      String key = ObjectStore.keyOf(digest).value();
      assertThatThrownBy(() -> Records.read(objects, digest, Sample.class, "sample record", Records.RESTORE, s -> s))
          .as(text).isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.key()).isEqualTo(key))
          .hasMessageStartingWith("Cannot read sample record ('" + key + "'): it is damaged (")
          .hasMessageEndingWith("); run repo.verify() and restore it from a backup");
    }
  }

  @Test
  void aBrokenRuleOrAValueThatCannotBeInterpretedIsCorruption() {
    Digest digest = objects.put("{\"format\":\"other/1\",\"name\":\"a\"}".getBytes(UTF_8));
    assertThatThrownBy(() -> Records.read(objects, digest, Sample.class, "sample record", "delete it", s -> {
      if (!"s/1".equals(s.format())) {
        throw new IOException("its format is '" + s.format() + "'");
      }
      return s;
    })).isInstanceOf(CorruptRecordException.class).hasMessageEndingWith("(its format is 'other/1'); delete it");
    assertThatThrownBy(() -> Records.read(objects, digest, Sample.class, "sample record", "delete it",
        s -> Integer.parseInt(s.name()))).isInstanceOf(CorruptRecordException.class)
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void aStoreThatFailsToReadIsAStorageFailureNotCorruption() {
    Digest digest = objects.put("{\"format\":\"s/1\",\"name\":\"a\"}".getBytes(UTF_8));
    BlobKey key = BlobKey.of("records/one");
    store.write(key, BlobSource.ofBytes("{\"format\":\"s/1\",\"name\":\"b\"}".getBytes(UTF_8)));
    assertThat(Records.read(objects, digest, Sample.class, "sample record", Records.RESTORE, Sample::name))
        .isEqualTo("a");
    assertThat(Records.read(store, key, Sample.class, "sample record", Records.RESTORE, Sample::name)).hasValue("b");
    assertThat(Records.read(store, BlobKey.of("records/none"), Sample.class, "sample", Records.RESTORE, s -> s))
        .isEmpty();
    store.downUnder = "";
    assertThatThrownBy(() -> Records.read(objects, digest, Sample.class, "sample record", Records.RESTORE, s -> s))
        .isInstanceOf(StorageException.class).isNotInstanceOf(CorruptRecordException.class);
    assertThatThrownBy(() -> Records.read(store, key, Sample.class, "sample record", Records.RESTORE, s -> s))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void aRunReadThroughAFailingStoreIsAStorageFailureNotAdviceToRestoreABackup() {
    Repository repo = Repository.builder(store).actor("tester").build();
    ActiveRun run = repo.runs().start("train", CodeVersion.unknown());
    run.succeed();
    assertThat(repo.runs().run(run.id()).job()).isEqualTo("train");
    store.downUnder = "objects/";
    // The run's ref is read; its record, an object, is not. That used to be reported as a
    // damaged record to restore from a backup.
    assertThatThrownBy(() -> repo.runs().run(run.id())).isInstanceOf(StorageException.class)
        .hasMessageContaining("connection reset");
  }
}
