package dev.pedigree.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.CorruptRecordException;
import dev.pedigree.exceptions.OutcomeUnknownException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.storage.BlobInfo;
import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * How {@link RefStore} lays its logs out and copes with damaged entries and uncertain writes.
 * Its behaviour on every backend (updates, conflicts, history, listing, races) is the
 * {@code RefStoreContract} in pedigree-testing, run there for each backend.
 */
class RefStoreTest {
  static final RefName REF = RefName.of("artifacts/m/aliases/production");
  static final Digest V1 = Digest.of("v1".getBytes(StandardCharsets.UTF_8));
  static final Digest V2 = Digest.of("v2".getBytes(StandardCharsets.UTF_8));

  final MemoryBlobStore backend = new MemoryBlobStore();

  @Test
  void entriesAreNumberedSoTheNewestSortsFirst() {
    assertThat(RefStore.entryKey(REF, 1).value()).isEqualTo("refs/" + REF + "/@log/9223372036854775806");
    assertThat(RefStore.entryKey(REF, 2)).isLessThan(RefStore.entryKey(REF, 1));
    assertThat(RefStore.entryKey(REF, 10)).isLessThan(RefStore.entryKey(REF, 9));

    RefStore refs = new RefStore(backend);
    refs.update(RefUpdate.of(REF).expectAbsent().to(V1).build());
    refs.update(RefUpdate.of(REF).expect(V1).to(V2).build());
    assertThat(backend.listAll("").map(BlobInfo::key))
        .containsExactly(RefStore.entryKey(REF, 2), RefStore.entryKey(REF, 1));
  }

  @Test
  void readingTheValueListsOneKeyNotTheWholeLog() {
    List<Integer> pageSizes = new ArrayList<>();
    BlobStore recording = intercept(backend, (method, args) -> {
      if (method.equals("list")) {
        pageSizes.add((Integer) args[2]);
      }
      return null;
    });
    RefStore refs = new RefStore(recording);
    Digest value = V1;
    refs.update(RefUpdate.of(REF).expectAbsent().to(value).build());
    for (int i = 0; i < 30; i++) {
      Digest next = Digest.of(("v" + i).getBytes(StandardCharsets.UTF_8));
      refs.update(RefUpdate.of(REF).expect(value).to(next).build());
      value = next;
    }
    pageSizes.clear();

    assertThat(refs.read(REF)).contains(value);

    assertThat(pageSizes).containsExactly(1);
  }

  @Test
  void entriesRecordTheClockAndAttributes() {
    Instant now = Instant.parse("2024-05-06T07:08:09Z");
    RefStore refs = new RefStore(backend, Clock.fixed(now, ZoneOffset.UTC));

    RefEntry entry = refs.update(RefUpdate.of(REF).expectAbsent().to(V1).actor("ci").reason("why")
        .attribute("kind", "rollback").build());

    RefEntry read = new RefStore(backend).head(REF).orElseThrow();
    assertThat(read).isEqualTo(entry);
    assertThat(read.time()).isEqualTo(now);
    assertThat(read.attribute("kind")).contains("rollback");
    assertThat(read.attribute("other")).isEmpty();
  }

  @Test
  void listingUnderAFolderSkipsTheRefNamedLikeTheFolder() {
    RefStore refs = new RefStore(backend);
    for (String name : List.of("a", "a/b", "a/b/c")) {
      refs.update(RefUpdate.of(RefName.of(name)).expectAbsent().to(V1).build());
    }

    assertThat(refs.list("a/").map(RefName::value)).containsExactlyInAnyOrder("a/b", "a/b/c");
    assertThat(refs.list("a/b/").map(RefName::value)).containsExactly("a/b/c");
    assertThat(refs.list("a").map(RefName::value)).containsExactlyInAnyOrder("a", "a/b", "a/b/c");
  }

  @Test
  void anEntryThatIsNotJsonIsReportedAsCorrupt() {
    RefStore refs = new RefStore(backend);
    refs.update(RefUpdate.of(REF).expectAbsent().to(V1).build());
    BlobKey key = RefStore.entryKey(REF, 1);
    backend.write(key, BlobSource.ofBytes("{\"ref\":".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> refs.read(REF))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageStartingWith("Cannot read ref '" + REF + "': its log entry '" + key + "' is not valid JSON")
        .satisfies(e -> assertThat(((CorruptRecordException) e).key()).isEqualTo(key.value()));
  }

  @Test
  void anEntryMovedToAnotherNumberIsReportedAsCorrupt() throws Exception {
    RefStore refs = new RefStore(backend);
    refs.update(RefUpdate.of(REF).expectAbsent().to(V1).build());
    byte[] first;
    try (InputStream in = backend.read(RefStore.entryKey(REF, 1))) {
      first = in.readAllBytes();
    }
    backend.write(RefStore.entryKey(REF, 2), BlobSource.ofBytes(first));

    assertThatThrownBy(() -> refs.read(REF))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("says it is entry 1 of '" + REF + "'");
  }

  @Test
  void anEntryMissingItsFieldsIsReportedAsCorrupt() {
    RefStore refs = new RefStore(backend);
    backend.write(RefStore.entryKey(REF, 1),
        BlobSource.ofBytes(("{\"ref\":\"" + REF + "\",\"seq\":1}").getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> refs.read(REF))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("has no 'time'");
  }

  @Test
  void anUncertainWriteThatLandedCountsAsDone() {
    BlobStore flaky = intercept(backend, (method, args) -> {
      if (method.equals("createIfAbsent")) {
        backend.createIfAbsent((BlobKey) args[0], (BlobSource) args[1]);
        throw new OutcomeUnknownException(args[0].toString(), "timed out after sending", null);
      }
      return null;
    });

    RefEntry entry = new RefStore(flaky).update(RefUpdate.of(REF).expectAbsent().to(V1).reason("mine").build());

    assertThat(entry.value()).contains(V1);
    assertThat(new RefStore(backend).head(REF)).contains(entry);
  }

  @Test
  void anUncertainWriteThatDidNotLandIsReportedAsUnknown() {
    BlobStore flaky = intercept(backend, (method, args) -> {
      if (method.equals("createIfAbsent")) {
        throw new OutcomeUnknownException(args[0].toString(), "Cannot create: timed out; read the state again", null);
      }
      return null;
    });

    assertThatThrownBy(() -> new RefStore(flaky).update(RefUpdate.of(REF).expectAbsent().to(V1).build()))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(backend.listAll("")).isEmpty();
  }

  @Test
  void anUncertainWriteThatLostTheRaceIsAConflict() {
    RefStore other = new RefStore(backend);
    BlobStore flaky = intercept(backend, (method, args) -> {
      if (method.equals("createIfAbsent")) {
        // Another writer's entry lands first; ours is then refused, but we never hear so.
        other.update(RefUpdate.of(REF).expectAbsent().to(V2).reason("theirs").build());
        throw new OutcomeUnknownException(args[0].toString(), "timed out", null);
      }
      return null;
    });

    assertThatThrownBy(() -> new RefStore(flaky).update(RefUpdate.of(REF).expectAbsent().to(V1).reason("mine").build()))
        .isInstanceOf(RefConflictException.class)
        .satisfies(e -> assertThat(((RefConflictException) e).actual()).isEqualTo(V2.toString()));
    assertThat(other.read(REF)).contains(V2);
  }

  /**
   * Returns a backend that lets {@code before} see every call first: a non-null answer
   * replaces the call, null passes it on to the delegate.
   */
  static BlobStore intercept(BlobStore delegate, BiFunction<String, Object[], Object> before) {
    return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
        (self, method, args) -> {
          Object answer = before.apply(method.getName(), args);
          if (answer != null) {
            return answer;
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

}
