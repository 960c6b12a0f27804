package dev.pedigree.internal;

import dev.pedigree.exceptions.RefConflictException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries work that lost a compare-and-swap race: a bounded number of attempts with
 * exponential backoff and jitter, each attempt recomputing from fresh state (the supplier
 * reads again). Only {@link RefConflictException} is retried. Internal: not API.
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  /** Attempts made by default. */
  public static final int DEFAULT_ATTEMPTS = 25;

  private Retry() {
  }

  /**
   * Runs the work until it does not conflict, at most {@code attempts} times.
   *
   * @param attempts the most attempts, at least 1
   * @param work the work; it must read current state afresh each time it runs
   * @param <T> the result type
   * @return the work's result
   * @throws RefConflictException the last conflict, when every attempt conflicted
   */
  public static <T> T onConflict(int attempts, Supplier<T> work) {
    long backoffMicros = 500;
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RefConflictException e) {
        if (attempt >= attempts) {
          throw e;
        }
        LOG.debug("Attempt {} of {} lost a race on ref '{}'; retrying", attempt, attempts, e.ref());
        sleepMicros(ThreadLocalRandom.current().nextLong(backoffMicros / 2, backoffMicros + 1));
        backoffMicros = Math.min(backoffMicros * 2, 200_000);
      }
    }
  }

  private static void sleepMicros(long micros) {
    try {
      TimeUnit.MICROSECONDS.sleep(micros);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry a conflicting update", e);
    }
  }
}
