package dev.pedigree.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefStore;
import dev.pedigree.refs.RefUpdate;
import dev.pedigree.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link RefStore} every backend must support: compare-and-swap updates,
 * typed conflicts, the log as history, listing, deletion, and no lost update when many
 * threads race on one ref. A backend runs it by subclassing it in one line:
 *
 * <pre>{@code
 * class S3RefStoreTest extends RefStoreContract {
 *   protected BlobStore newStore() { return new S3BlobStore(client, "bucket", "prefix"); }
 * }
 * }</pre>
 *
 * <p>Every test gets a fresh, empty store from {@link #newStore()} and closes it afterwards.
 */
public abstract class RefStoreContract {
  /** Threads that race on one ref in {@link #concurrentRetryingUpdatesAreNeverLost()}. */
  protected static final int RACE_THREADS = 16;
  /** Updates each racing thread commits. */
  protected static final int RACE_UPDATES_PER_THREAD = 8;

  private static final RefName REF = RefName.of("artifacts/model/aliases/production");

  /** The backend under test, fresh for each test. */
  protected BlobStore store;
  /** A ref store on {@link #store} whose clock advances one second per reading. */
  protected RefStore refs;
  private TickingClock clock;

  /** Creates the contract; subclasses supply the backend through {@link #newStore()}. */
  protected RefStoreContract() {
  }

  /**
   * Returns a new, empty backend for one test. It is closed after the test.
   *
   * @return the backend
   */
  protected abstract BlobStore newStore();

  /** Opens the backend and a ref store on it. */
  @BeforeEach
  protected void openRefStore() {
    store = newStore();
    clock = new TickingClock(Instant.parse("2024-01-01T00:00:00Z"));
    refs = new RefStore(store, clock);
  }

  /** Closes the backend. */
  @AfterEach
  protected void closeRefStore() {
    if (store != null) {
      store.close();
    }
  }

  /**
   * Returns a digest made from text, for values to point refs at.
   *
   * @param text any text
   * @return its digest
   */
  protected static Digest digest(String text) {
    return Digest.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A ref that was never written has no value, head or history. */
  @Test
  public void aMissingRefIsEmpty() {
    assertThat(refs.read(REF)).isEmpty();
    assertThat(refs.head(REF)).isEmpty();
    assertThat(refs.entry(REF, 1)).isEmpty();
    assertThat(refs.history(REF)).isEmpty();
    assertThat(refs.list("")).isEmpty();
  }

  /** Creating with "expect absent" writes entry 1; a second create conflicts. */
  @Test
  public void createExpectsTheRefToBeAbsent() {
    Digest v1 = digest("v1");

    RefEntry created = refs.update(RefUpdate.of(REF).expectAbsent().to(v1).actor("alice").reason("first").build());

    assertThat(created.sequence()).isEqualTo(1);
    assertThat(created.previous()).isEmpty();
    assertThat(created.value()).contains(v1);
    assertThat(refs.read(REF)).contains(v1);
    assertThat(refs.head(REF)).contains(created);

    RefConflictException conflict = catchThrowableOfType(RefConflictException.class,
        () -> refs.update(RefUpdate.of(REF).expectAbsent().to(digest("v2")).actor("bob").reason("also first").build()));
    assertThat(conflict).as("a second create of the same ref").isNotNull();
    assertThat(conflict.ref()).isEqualTo(REF.value());
    assertThat(conflict.expected()).isNull();
    assertThat(conflict.actual()).isEqualTo(v1.toString());
    assertThat(conflict.getMessage()).startsWith("Cannot update ref '" + REF + "'")
        .contains("expected absent, found " + v1);
    assertThat(refs.read(REF)).contains(v1);
    assertThat(refs.history(REF)).hasSize(1);
  }

  /** An update with the right expected value moves the ref and appends an entry. */
  @Test
  public void updateWithTheExpectedValueMovesTheRef() {
    Digest v1 = digest("v1");
    Digest v2 = digest("v2");
    refs.update(RefUpdate.of(REF).expectAbsent().to(v1).actor("alice").reason("first").build());

    RefEntry moved = refs.update(RefUpdate.of(REF).expect(v1).to(v2).actor("bob").reason("promote")
        .attribute("kind", "promotion").build());

    assertThat(moved.sequence()).isEqualTo(2);
    assertThat(moved.previous()).contains(v1);
    assertThat(moved.value()).contains(v2);
    assertThat(moved.attribute("kind")).contains("promotion");
    assertThat(refs.read(REF)).contains(v2);
    assertThat(refs.head(REF)).contains(moved);
  }

  /** A stale expected value is a typed conflict carrying both values, and writes nothing. */
  @Test
  public void aStaleExpectedValueConflicts() {
    Digest v1 = digest("v1");
    Digest v2 = digest("v2");
    refs.update(RefUpdate.of(REF).expectAbsent().to(v1).build());
    refs.update(RefUpdate.of(REF).expect(v1).to(v2).build());

    RefConflictException conflict = catchThrowableOfType(RefConflictException.class,
        () -> refs.update(RefUpdate.of(REF).expect(v1).to(digest("v3")).build()));

    assertThat(conflict).as("an update from a stale read").isNotNull();
    assertThat(conflict.ref()).isEqualTo(REF.value());
    assertThat(conflict.expected()).isEqualTo(v1.toString());
    assertThat(conflict.actual()).isEqualTo(v2.toString());
    assertThat(conflict.getMessage()).contains("expected " + v1 + ", found " + v2).contains("read it again and retry");
    assertThat(refs.read(REF)).contains(v2);
    assertThat(refs.history(REF)).hasSize(2);

    assertThat(catchThrowableOfType(RefConflictException.class,
        () -> refs.update(RefUpdate.of(RefName.of("never/written")).expect(v1).to(v2).build())).actual())
        .as("expecting a value of a ref that does not exist").isNull();
  }

  /** The log read newest first records old value, new value, time, actor and reason. */
  @Test
  public void historyIsNewestFirstWithEveryField() {
    Digest v1 = digest("v1");
    Digest v2 = digest("v2");
    Digest v3 = digest("v3");
    refs.update(RefUpdate.of(REF).expectAbsent().to(v1).actor("alice").reason("train").build());
    refs.update(RefUpdate.of(REF).expect(v1).to(v2).actor("bob").reason("promote").build());
    refs.update(RefUpdate.of(REF).expect(v2).to(v3).actor("carol").reason("retrain").build());

    List<RefEntry> history = refs.history(REF).toList();

    assertThat(history).extracting(RefEntry::sequence).containsExactly(3L, 2L, 1L);
    assertThat(history).extracting(RefEntry::value).containsExactly(Optional.of(v3), Optional.of(v2), Optional.of(v1));
    assertThat(history).extracting(RefEntry::previous).containsExactly(Optional.of(v2), Optional.of(v1), Optional.empty());
    assertThat(history).extracting(RefEntry::actor).containsExactly("carol", "bob", "alice");
    assertThat(history).extracting(RefEntry::reason).containsExactly("retrain", "promote", "train");
    assertThat(history).extracting(RefEntry::name).containsOnly(REF);
    List<Instant> times = history.stream().map(RefEntry::time).toList();
    assertThat(times).as("entry times come from the store's clock").allMatch(clock::issued);
    assertThat(times.get(0)).isAfter(times.get(1));
    assertThat(times.get(1)).isAfter(times.get(2));
    assertThat(history).extracting(RefEntry::id).doesNotHaveDuplicates();
  }

  /** One entry can be read by its number. */
  @Test
  public void entryReadsOneEntryByNumber() {
    Digest v1 = digest("v1");
    Digest v2 = digest("v2");
    RefEntry first = refs.update(RefUpdate.of(REF).expectAbsent().to(v1).actor("alice").reason("one").build());
    RefEntry second = refs.update(RefUpdate.of(REF).expect(v1).to(v2).actor("bob").reason("two").build());

    assertThat(refs.entry(REF, 1)).contains(first);
    assertThat(refs.entry(REF, 2)).contains(second);
    assertThat(refs.entry(REF, 3)).isEmpty();
    assertThat(refs.entry(RefName.of("other"), 1)).isEmpty();
  }

  /** Listing finds refs by name prefix, including nested names and names that share a stem. */
  @Test
  public void listFindsRefsByPrefix() {
    for (String name : List.of("a", "a/b", "a-b", "ab", "a/b/c", "b/c")) {
      refs.update(RefUpdate.of(RefName.of(name)).expectAbsent().to(digest(name)).build());
      // A second entry, so a listing has more than one log key per ref to skip.
      refs.update(RefUpdate.of(RefName.of(name)).expect(digest(name)).to(digest(name + "'")).build());
    }

    assertThat(names("")).containsExactlyInAnyOrder("a", "a/b", "a-b", "ab", "a/b/c", "b/c");
    assertThat(names("a")).containsExactlyInAnyOrder("a", "a/b", "a-b", "ab", "a/b/c");
    assertThat(names("a/")).containsExactlyInAnyOrder("a/b", "a/b/c");
    assertThat(names("a/b/")).containsExactly("a/b/c");
    assertThat(names("b/")).containsExactly("b/c");
    assertThat(names("c")).isEmpty();
  }

  private List<String> names(String prefix) {
    return refs.list(prefix).map(RefName::value).toList();
  }

  /** Deleting sets the value to empty; the log stays, and the ref can be created again. */
  @Test
  public void deleteEmptiesTheRefAndKeepsItsHistory() {
    Digest v1 = digest("v1");
    refs.update(RefUpdate.of(REF).expectAbsent().to(v1).build());

    RefEntry deleted = refs.update(RefUpdate.of(REF).expect(v1).to(Optional.empty()).actor("ops").reason("retire").build());

    assertThat(deleted.previous()).contains(v1);
    assertThat(deleted.value()).isEmpty();
    assertThat(refs.read(REF)).isEmpty();
    assertThat(refs.head(REF)).contains(deleted);
    assertThat(refs.history(REF)).extracting(RefEntry::value).containsExactly(Optional.empty(), Optional.of(v1));

    RefEntry again = refs.update(RefUpdate.of(REF).expectAbsent().to(digest("v2")).build());
    assertThat(again.sequence()).isEqualTo(3);
    assertThat(again.previous()).isEmpty();
    assertThat(refs.read(REF)).contains(digest("v2"));
  }

  /** The retrying update recomputes from the current value. */
  @Test
  public void retryingUpdateSeesTheCurrentValue() {
    Digest v1 = digest("v1");
    List<Optional<Digest>> seen = new ArrayList<>();

    refs.update(REF, current -> {
      seen.add(current);
      return Optional.of(v1);
    }, "alice", "create");
    refs.update(REF, current -> {
      seen.add(current);
      return Optional.of(digest(current.orElseThrow() + "+1"));
    }, "bob", "derive");

    assertThat(seen).containsExactly(Optional.empty(), Optional.of(v1));
    assertThat(refs.read(REF)).contains(digest(v1 + "+1"));
    assertThat(refs.head(REF).orElseThrow().actor()).isEqualTo("bob");
  }

  /**
   * {@value #RACE_THREADS} threads run the retrying update on one ref at once, each deriving
   * its new value from the value it read. Afterwards every committed update is in the log
   * exactly once, each entry's previous value is the value of the entry before it, each
   * value was computed from its own previous value, and each thread's updates are in the
   * order it made them.
   */
  @Test
  public void concurrentRetryingUpdatesAreNeverLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACE_THREADS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger exhausted = new AtomicInteger();
    List<Future<List<Digest>>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < RACE_THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<Digest> committed = new ArrayList<>();
          for (int i = 0; i < RACE_UPDATES_PER_THREAD; i++) {
            String reason = "t" + thread + "/" + i;
            while (true) {
              try {
                RefEntry entry = refs.update(REF, current -> Optional.of(next(current, reason)), "thread-" + thread, reason);
                committed.add(entry.value().orElseThrow());
                break;
              } catch (RefConflictException e) {
                // Every bounded attempt lost; nothing was written, so trying again is safe.
                exhausted.incrementAndGet();
              }
            }
          }
          return committed;
        }));
      }
      start.countDown();
      List<List<Digest>> perThread = new ArrayList<>();
      for (Future<List<Digest>> future : futures) {
        perThread.add(future.get(5, TimeUnit.MINUTES));
      }
      assertNoUpdateLost(refs, REF, perThread);
    } finally {
      pool.shutdownNow();
    }
    if (exhausted.get() > 0) {
      System.out.println("RefStoreContract race: " + exhausted.get() + " retrying updates ran out of attempts and were re-run");
    }
  }

  /**
   * Returns the value a racing writer derives from the value it read.
   *
   * @param current the value read
   * @param reason the writer's label for this update
   * @return the new value
   */
  protected static Digest next(Optional<Digest> current, String reason) {
    return digest(current.map(Digest::toString).orElse("none") + " -> " + reason);
  }

  /**
   * Checks a ref's log after a race: every committed value is there exactly once, the chain
   * from each entry's previous value to the entry before it is unbroken, entries are numbered
   * without gaps, each value was derived by {@link #next} from its own previous value and the
   * entry's reason, and each writer's commits are in its own order.
   *
   * @param refs the ref store
   * @param ref the ref raced on
   * @param perWriter the values each writer committed, in commit order
   */
  public static void assertNoUpdateLost(RefStore refs, RefName ref, List<List<Digest>> perWriter) {
    List<RefEntry> oldestFirst = new ArrayList<>(refs.history(ref).toList());
    Collections.reverse(oldestFirst);
    int committed = perWriter.stream().mapToInt(List::size).sum();
    assertThat(oldestFirst).as("log entries").hasSize(committed);

    Map<Digest, Integer> position = new HashMap<>();
    Optional<Digest> previous = Optional.empty();
    for (int i = 0; i < oldestFirst.size(); i++) {
      RefEntry entry = oldestFirst.get(i);
      assertThat(entry.sequence()).as("sequence of entry %d", i).isEqualTo(i + 1L);
      assertThat(entry.previous()).as("previous value of entry %d", entry.sequence()).isEqualTo(previous);
      Digest value = entry.value().orElseThrow();
      assertThat(value).as("value of entry %d derives from its previous value", entry.sequence())
          .isEqualTo(next(entry.previous(), entry.reason()));
      assertThat(position.put(value, i)).as("value %s appears once", value).isNull();
      previous = entry.value();
    }
    Set<Digest> all = new HashSet<>();
    for (List<Digest> writer : perWriter) {
      int last = -1;
      for (Digest value : writer) {
        assertThat(all.add(value)).as("writers committed distinct values").isTrue();
        Integer at = position.get(value);
        assertThat(at).as("committed value %s is in the log", value).isNotNull();
        assertThat(at).as("a writer's commits keep their order").isGreaterThan(last);
        last = at;
      }
    }
    assertThat(refs.read(ref)).isEqualTo(previous);
  }

  /** A clock that moves one second forward each time it is read, and remembers what it said. */
  private static final class TickingClock extends Clock {
    private final AtomicLong seconds;
    private final Set<Instant> issued = Collections.synchronizedSet(new HashSet<>());

    TickingClock(Instant start) {
      seconds = new AtomicLong(start.getEpochSecond());
    }

    boolean issued(Instant instant) {
      return issued.contains(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }

    @Override
    public Instant instant() {
      Instant now = Instant.ofEpochSecond(seconds.getAndIncrement());
      issued.add(now);
      return now;
    }
  }
}
