package dev.pedigree.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobSource;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * The create race of {@link BlobStoreContract}, usable on its own: threads lined up on a barrier
 * all create the same key with create-if-absent, round after round, each with its own content.
 * On a store that keeps the promise exactly one thread wins each round and its content is the
 * one stored; on a server that ignores the condition several "win" and all but the last lose
 * their write without knowing it.
 *
 * <pre>{@code
 * CreateRace.Outcome outcome = CreateRace.run(store, "race/", 8, 5);
 * assertThat(outcome.failures()).isEmpty();
 * assertThat(outcome.winners(0)).hasSize(1);
 * }</pre>
 */
public final class CreateRace {
  private CreateRace() {
  }

  /**
   * What a race did.
   *
   * @param keyPrefix the prefix of the round keys ({@code keyPrefix + round})
   * @param results each round's result per thread ({@code null} where the thread failed)
   * @param failures what the threads threw, in no particular order
   */
  public record Outcome(String keyPrefix, List<List<CreateResult>> results, List<Throwable> failures) {
    /**
     * Creates the outcome, copying its lists.
     */
    public Outcome {
      results = results.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
      failures = List.copyOf(failures);
    }

    /**
     * Returns the threads that were told {@link CreateResult#CREATED} in a round.
     *
     * @param round the round, from 0
     * @return their indexes, ascending
     */
    public List<Integer> winners(int round) {
      List<Integer> winners = new ArrayList<>();
      List<CreateResult> row = results.get(round);
      for (int t = 0; t < row.size(); t++) {
        if (row.get(t) == CreateResult.CREATED) {
          winners.add(t);
        }
      }
      return winners;
    }

    /**
     * Returns how many acknowledged creates were lost: winners beyond the first in each round.
     *
     * @return the number of writers told "created" whose content another writer replaced
     */
    public int lostCreates() {
      int lost = 0;
      for (int round = 0; round < results.size(); round++) {
        lost += Math.max(0, winners(round).size() - 1);
      }
      return lost;
    }

    /**
     * Returns the key a round raced on.
     *
     * @param round the round, from 0
     * @return the key
     */
    public BlobKey key(int round) {
      return BlobKey.of(keyPrefix + round);
    }
  }

  /**
   * What one thread does in a round: create {@code key} with {@code content}.
   */
  @FunctionalInterface
  public interface Create {
    /**
     * Creates the key if absent.
     *
     * @param key the round's key
     * @param content this thread's content
     * @return the store's answer
     */
    CreateResult create(BlobKey key, byte[] content);
  }

  /**
   * Races {@code threads} threads on {@link BlobStore#createIfAbsent} for {@code rounds} rounds.
   *
   * @param store the store
   * @param keyPrefix the prefix of the round keys, such as {@code "race/"}
   * @param threads how many threads race
   * @param rounds how many rounds, each on a new key
   * @return what happened
   */
  public static Outcome run(BlobStore store, String keyPrefix, int threads, int rounds) {
    return run(keyPrefix, threads, rounds, (key, content) -> store.createIfAbsent(key, BlobSource.ofBytes(content)));
  }

  /**
   * Races {@code threads} threads running {@code create} for {@code rounds} rounds.
   *
   * @param keyPrefix the prefix of the round keys
   * @param threads how many threads race
   * @param rounds how many rounds, each on a new key
   * @param create what each thread does
   * @return what happened
   */
  public static Outcome run(String keyPrefix, int threads, int rounds, Create create) {
    CyclicBarrier start = new CyclicBarrier(threads);
    CreateResult[][] results = new CreateResult[rounds][threads];
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(new Thread(() -> {
        for (int round = 0; round < rounds; round++) {
          try {
            start.await();
          } catch (InterruptedException | BrokenBarrierException e) {
            failures.add(e);
            return;
          }
          try {
            results[round][thread] = create.create(BlobKey.of(keyPrefix + round), content(round, thread));
          } catch (RuntimeException | Error e) {
            failures.add(e); // keep meeting the barrier so the other threads finish
          }
        }
      }, "create-race-" + t));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the race", e);
      }
    }
    List<List<CreateResult>> rows = new ArrayList<>();
    for (CreateResult[] row : results) {
      rows.add(Arrays.asList(row));
    }
    return new Outcome(keyPrefix, rows, new ArrayList<>(failures));
  }

  /**
   * Returns the content a thread writes in a round: different, and of a different length, for
   * each thread of each round.
   *
   * @param round the round
   * @param thread the thread
   * @return the bytes
   */
  public static byte[] content(int round, int thread) {
    return ("round " + round + " thread " + thread + ";").repeat(1 + thread).getBytes(UTF_8);
  }
}
