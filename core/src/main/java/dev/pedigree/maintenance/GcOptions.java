package dev.pedigree.maintenance;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a garbage collection run behaves. Every setting may be given once.
 *
 * <pre>{@code
 * GcSummary preview = repo.maintenance().gc(GcOptions.builder().dryRun().build());
 * GcSummary done = repo.maintenance().gc(GcOptions.defaults());
 * }</pre>
 *
 * <p>The one setting that matters for safety is the {@linkplain Builder#writerWindow writer
 * window}: it must be at least the writer window of every repository that writes to the
 * store meanwhile ({@code Repository.Builder.writerWindow}, 30 seconds by default). See
 * {@link Maintenance} for the scheme.
 *
 * @param dryRun whether to only report what would be reclaimed
 * @param writerWindow how long the run waits between announcing its candidates and reading
 *     the roots again
 * @param uploadGracePeriod the age from which a staged or multipart upload counts as
 *     abandoned
 * @param maxDuration how long after its announcement the run may still delete; it stops
 *     there and leaves the rest to a later run
 * @param recordRetention how long the records of a finished or expired run are kept (writers
 *     consult them)
 * @param repackDeadFraction from which share of unreachable bytes a pack of small objects is
 *     rewritten without them, in (0, 1]; packs below it keep their dead objects until a later
 *     run finds more of them dead
 * @param listener who hears of progress
 */
public record GcOptions(boolean dryRun, Duration writerWindow, Duration uploadGracePeriod, Duration maxDuration,
    Duration recordRetention, double repackDeadFraction, GcListener listener) {
  /** The default writer window: 30 seconds, as the repository's. */
  public static final Duration DEFAULT_WRITER_WINDOW = Duration.ofSeconds(30);
  /** The default grace period of uploads: one day. */
  public static final Duration DEFAULT_UPLOAD_GRACE = Duration.ofDays(1);
  /** The default deadline of a run's sweep: one hour after its announcement. */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(1);
  /** The default time the records of a finished run are kept: one day. */
  public static final Duration DEFAULT_RECORD_RETENTION = Duration.ofDays(1);
  /**
   * The default share of dead bytes from which a pack is rewritten: one half, so a rewrite
   * copies at most as many bytes as it frees.
   */
  public static final double DEFAULT_REPACK_DEAD_FRACTION = 0.5;

  /**
   * Validates the settings.
   *
   * @throws InvalidRequestException if a duration is missing, negative, or the deadline is
   *     not longer than the writer window, or the repack fraction is out of range
   */
  public GcOptions {
    requirePositive(writerWindow, "writerWindow");
    requirePositive(uploadGracePeriod, "uploadGracePeriod");
    requirePositive(maxDuration, "maxDuration");
    requirePositive(recordRetention, "recordRetention");
    if (maxDuration.compareTo(writerWindow.multipliedBy(2)) < 0) {
      throw new InvalidRequestException("Cannot collect with maxDuration " + maxDuration + " and writerWindow "
          + writerWindow + ": the run waits one writer window before it deletes anything; give maxDuration at least"
          + " twice the writer window");
    }
    if (!(repackDeadFraction > 0 && repackDeadFraction <= 1)) {
      throw new InvalidRequestException("Cannot collect with repackDeadFraction " + repackDeadFraction
          + ": it must be above 0 and at most 1; pass for instance 0.5 to rewrite packs that are half dead");
    }
    if (listener == null) {
      throw new InvalidRequestException("Cannot collect without a listener; pass GcListener.NONE for none");
    }
  }

  /**
   * Returns the defaults: a real run, a 30-second writer window, a one-day grace period for
   * uploads, a one-hour deadline, one day of run records, packs rewritten from half dead, no
   * listener.
   *
   * @return the options
   */
  public static GcOptions defaults() {
    return builder().build();
  }

  /**
   * Starts building options.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidRequestException("Cannot collect with " + name + " " + value + ": it must be a positive duration;"
          + " pass one such as Duration.ofSeconds(30)");
    }
  }

  /** Builds {@link GcOptions}; each setting may be given once. */
  public static final class Builder {
    private Boolean dryRun;
    private Duration writerWindow;
    private Duration uploadGracePeriod;
    private Duration maxDuration;
    private Duration recordRetention;
    private Double repackDeadFraction;
    private GcListener listener;

    private Builder() {
    }

    /**
     * Reports what would be reclaimed and deletes nothing.
     *
     * @return this builder
     */
    public Builder dryRun() {
      once(dryRun, "dryRun");
      dryRun = true;
      return this;
    }

    /**
     * Sets how long the run waits after announcing its candidates before it reads the roots
     * again: at least the writer window of every repository writing meanwhile.
     *
     * @param value the window
     * @return this builder
     */
    public Builder writerWindow(Duration value) {
      once(writerWindow, "writerWindow");
      writerWindow = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the age from which a staged or multipart upload counts as abandoned: longer than
     * any upload takes.
     *
     * @param value the grace period
     * @return this builder
     */
    public Builder uploadGracePeriod(Duration value) {
      once(uploadGracePeriod, "uploadGracePeriod");
      uploadGracePeriod = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how long after its announcement the run may still delete.
     *
     * @param value the deadline
     * @return this builder
     */
    public Builder maxDuration(Duration value) {
      once(maxDuration, "maxDuration");
      maxDuration = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how long the records of finished runs are kept, for writers whose operation spans
     * a run: longer than any registration takes.
     *
     * @param value the retention
     * @return this builder
     */
    public Builder recordRetention(Duration value) {
      once(recordRetention, "recordRetention");
      recordRetention = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets from which share of unreachable bytes a pack of small objects is rewritten without
     * them: lower frees more space sooner and copies more live bytes to do it.
     *
     * @param value the share, above 0 and at most 1
     * @return this builder
     */
    public Builder repackDeadFraction(double value) {
      once(repackDeadFraction, "repackDeadFraction");
      repackDeadFraction = value;
      return this;
    }

    /**
     * Sets who hears of progress.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(GcListener value) {
      once(listener, "listener");
      listener = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public GcOptions build() {
      return new GcOptions(dryRun != null && dryRun, or(writerWindow, DEFAULT_WRITER_WINDOW),
          or(uploadGracePeriod, DEFAULT_UPLOAD_GRACE), or(maxDuration, DEFAULT_MAX_DURATION),
          or(recordRetention, DEFAULT_RECORD_RETENTION),
          repackDeadFraction != null ? repackDeadFraction : DEFAULT_REPACK_DEAD_FRACTION,
          listener == null ? GcListener.NONE : listener);
    }

    private static Duration or(Duration value, Duration fallback) {
      return value != null ? value : fallback;
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new InvalidRequestException("Cannot set " + name + " twice: it was already set to " + current
            + "; set each option once");
      }
    }
  }
}
