package dev.pedigree.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress bar on standard error for long work (put, get, verify --full, gc), redrawn in place
 * five times a second. It draws only when the command runs on a terminal; when output is piped
 * or redirected nothing is drawn, so scripts see clean output.
 *
 * <p>With a known total it shows a bar, the percentage and bytes; with an unknown total
 * ({@code total < 0}) a spinner and the bytes or time so far.
 */
final class Progress implements AutoCloseable {
  private static final int BAR_WIDTH = 30;
  private static final char[] SPINNER = {'|', '/', '-', '\\'};

  private final PrintWriter err;
  private final Supplier<String> label;
  private final long total;
  private final LongSupplier done;
  private final long startNanos = System.nanoTime();
  private final Thread painter;
  private volatile boolean finished;
  private volatile boolean completed;
  private int frames;

  private Progress(PrintWriter err, Supplier<String> label, long total, LongSupplier done, boolean draw) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.done = done;
    if (draw) {
      painter = new Thread(this::paintLoop, "pedigree-progress");
      painter.setDaemon(true);
      painter.start();
    } else {
      painter = null;
    }
  }

  static Progress start(PrintWriter err, boolean draw, String label, long total, LongSupplier done) {
    return new Progress(err, () -> label, total, done, draw);
  }

  /**
   * Starts a spinner whose label changes as the work goes (such as the phase and count of a
   * check whose total is not known up front).
   */
  static Progress spinner(PrintWriter err, boolean draw, Supplier<String> label) {
    return new Progress(err, label, -1, () -> -1, draw);
  }

  private void paintLoop() {
    while (!finished) {
      paint(false);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized void paint(boolean last) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    long now = done.getAsLong();
    String line = line(label.get(), completed && total >= 0 ? total : now, total, elapsed, frames++);
    err.print("\r" + line + "\u001b[K");
    if (last) {
      err.println();
    }
    err.flush();
  }

  /** Marks the work as done, so the final state shows all of the total. */
  void completed() {
    completed = true;
  }

  /** Stops the bar and leaves its final state on its own line. */
  @Override
  public void close() {
    if (painter == null) {
      return;
    }
    finished = true;
    painter.interrupt();
    try {
      painter.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    paint(true);
  }

  /** Renders one state of the bar, such as {@code get model [#######-------] 47% 12.0 MiB/25.5 MiB 3s}. */
  static String line(String label, long done, long total, Duration elapsed, int frame) {
    String time = elapsed.toSeconds() + "s";
    if (total < 0) {
      String amount = done >= 0 ? " " + Sizes.human(done) : "";
      return label + " " + SPINNER[Math.floorMod(frame, SPINNER.length)] + amount + " " + time;
    }
    long clamped = Math.max(0, Math.min(done, total));
    double fraction = total == 0 ? 1.0 : (double) clamped / total;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return label + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)) + " " + Sizes.human(clamped) + "/"
        + Sizes.human(total) + " " + time;
  }
}
