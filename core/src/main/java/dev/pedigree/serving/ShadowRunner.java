package dev.pedigree.serving;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a candidate beside production on mirrored inputs without serving its answers: each
 * {@link #serve} call answers with production's output, and hands the same input to the
 * candidate on a separate thread; both outputs and latencies are recorded as
 * {@link ShadowObservation}s for a shadow check to judge before the candidate is promoted.
 *
 * <pre>{@code
 * try (ShadowRunner<Customer, Double> shadow = ShadowRunner.of(production::churnProbability, candidate::churnProbability)) {
 *   double served = shadow.serve(customer);          // production's answer, always
 *   ...
 *   shadow.awaitCandidates(Duration.ofSeconds(10));  // let the mirrored calls finish
 *   List<ShadowObservation<Double>> both = shadow.observations();
 * }
 * }</pre>
 *
 * <p>The candidate can neither change nor delay an answer: it runs after production answered,
 * on its own single thread with a bounded queue (a request that finds the queue full is not
 * mirrored and is counted in {@link #dropped()}); its exceptions are recorded, not thrown. The
 * runner keeps the newest {@code capacity} observations (default 100,000).
 *
 * @param <I> the input type
 * @param <O> the answer type
 */
public final class ShadowRunner<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowRunner.class);
  private static final int DEFAULT_CAPACITY = 100_000;
  private static final int QUEUE = 10_000;

  private final Function<I, O> production;
  private final Function<I, O> candidate;
  private final int capacity;
  private final ExecutorService mirror;
  private final Deque<ShadowObservation<O>> observations = new ArrayDeque<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private ShadowRunner(Function<I, O> production, Function<I, O> candidate, int capacity) {
    this.production = Objects.requireNonNull(production, "production");
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.capacity = capacity;
    this.mirror = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "pedigree-shadow");
          t.setDaemon(true);
          return t;
        }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Returns a runner keeping the newest 100,000 observations.
   *
   * @param production what serves the answers
   * @param candidate what is compared with it
   * @param <I> the input type
   * @param <O> the answer type
   * @return the runner; close it to stop the mirror thread
   */
  public static <I, O> ShadowRunner<I, O> of(Function<I, O> production, Function<I, O> candidate) {
    return new ShadowRunner<>(production, candidate, DEFAULT_CAPACITY);
  }

  /**
   * Returns a runner keeping the newest {@code capacity} observations.
   *
   * @param production what serves the answers
   * @param candidate what is compared with it
   * @param capacity how many observations to keep, at least 1
   * @param <I> the input type
   * @param <O> the answer type
   * @return the runner
   */
  public static <I, O> ShadowRunner<I, O> of(Function<I, O> production, Function<I, O> candidate, int capacity) {
    if (capacity < 1) {
      throw new InvalidRequestException("Cannot keep " + capacity + " shadow observations: keep at least 1");
    }
    return new ShadowRunner<>(production, candidate, capacity);
  }

  /**
   * Answers with production's output and mirrors the input to the candidate.
   *
   * @param input the input
   * @return production's answer; an exception of production's propagates (and nothing is mirrored)
   */
  public O serve(I input) {
    long start = System.nanoTime();
    O answer = production.apply(input);
    Duration productionLatency = Duration.ofNanos(System.nanoTime() - start);
    long number = sequence.incrementAndGet();
    try {
      mirror.execute(() -> runCandidate(number, input, answer, productionLatency));
    } catch (RejectedExecutionException e) {
      dropped.incrementAndGet();
    }
    return answer;
  }

  private void runCandidate(long number, I input, O answer, Duration productionLatency) {
    long start = System.nanoTime();
    Optional<O> output;
    Optional<String> error;
    try {
      output = Optional.of(Objects.requireNonNull(candidate.apply(input), "the candidate answered null"));
      error = Optional.empty();
    } catch (RuntimeException e) {
      output = Optional.empty();
      error = Optional.of(e.toString());
      LOG.debug("Shadow candidate failed on request {}", number, e);
    }
    ShadowObservation<O> observation = new ShadowObservation<>(number, answer, output, productionLatency,
        Duration.ofNanos(System.nanoTime() - start), error);
    synchronized (observations) {
      observations.addLast(observation);
      if (observations.size() > capacity) {
        observations.removeFirst();
      }
    }
  }

  /**
   * Waits until every mirrored request so far has run on the candidate, or the time is up.
   *
   * @param timeout how long to wait at most
   * @return whether they all ran
   */
  public boolean awaitCandidates(Duration timeout) {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    try {
      mirror.execute(done::countDown);
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns the kept observations, oldest first.
   *
   * @return a copy
   */
  public List<ShadowObservation<O>> observations() {
    synchronized (observations) {
      return List.copyOf(new ArrayList<>(observations));
    }
  }

  /**
   * Returns how many requests were not mirrored because the candidate fell behind.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /** Stops the mirror thread; candidate calls in progress finish, queued ones are dropped. */
  @Override
  public void close() {
    mirror.shutdownNow();
  }
}
