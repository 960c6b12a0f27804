package dev.pedigree.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Pedigree runs the {@code git} command line (code identity and code version
 * lookups), with a deadline that holds: the output is read on its own thread while the caller
 * waits at most the timeout, and on timeout git and every process it started are killed, so a
 * hung git (a credential prompt, a slow filesystem, a hook) costs the timeout, never more.
 * Internal: not API.
 *
 * <pre>{@code
 * String head = Git.run(workTree, Duration.ofSeconds(10), Git::text, "rev-parse", "HEAD");
 * }</pre>
 */
public final class Git {
  private static final Logger LOG = LoggerFactory.getLogger(Git.class);
  /** How long killed processes get to go away before the caller moves on. */
  private static final long KILL_WAIT_MILLIS = 2_000;

  /** Why git could not answer. */
  public enum Problem {
    /** git could not be started (not installed, or the directory is not there). */
    NOT_AVAILABLE,
    /** git did not finish within the timeout; it was killed. */
    TIMED_OUT,
    /** git exited with a non-zero status, or its output could not be read. */
    FAILED,
    /** The waiting thread was interrupted; git was killed and the interrupt flag restored. */
    INTERRUPTED
  }

  /** git could not answer; {@link #problem()} says why. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final Problem problem;

    Failure(Problem problem, String message, Throwable cause) {
      super(message, cause);
      this.problem = problem;
    }

    /**
     * Returns why git could not answer.
     *
     * @return the problem
     */
    public Problem problem() {
      return problem;
    }
  }

  /**
   * Reads git's standard output.
   *
   * @param <T> what it makes of it
   */
  @FunctionalInterface
  public interface OutputReader<T> {
    /**
     * Reads the output to its end.
     *
     * @param output git's standard output
     * @return the result
     * @throws IOException if reading fails
     */
    T read(InputStream output) throws IOException;
  }

  private Git() {
  }

  /**
   * Reads the whole output as UTF-8 text.
   *
   * @param output the output
   * @return the text
   * @throws IOException if reading fails
   */
  public static String text(InputStream output) throws IOException {
    return new String(output.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code git -C <directory> <args...>} with standard input closed and standard error
   * discarded, and returns what the reader makes of its output once git exits with status 0.
   *
   * @param directory the work tree
   * @param timeout how long git may take, reading its output included
   * @param reader reads the output, on a thread of its own
   * @param args git's arguments
   * @param <T> the result
   * @return the result
   * @throws Failure if git cannot be started, times out (it is then killed), exits with a
   *     non-zero status, or the waiting thread is interrupted
   */
  public static <T> T run(Path directory, Duration timeout, OutputReader<T> reader, String... args) throws Failure {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(directory.toAbsolutePath().toString());
    command.addAll(List.of(args));
    String what = "git " + String.join(" ", args) + " in " + directory;
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new Failure(Problem.NOT_AVAILABLE, "Cannot run " + what + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    FutureTask<T> reading = new FutureTask<>(() -> {
      try (InputStream out = process.getInputStream()) {
        return reader.read(out);
      }
    });
    Thread thread = new Thread(reading, "pedigree-git-output");
    thread.setDaemon(true);
    thread.start();
    try {
      T result = reading.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException();
      }
      if (process.exitValue() != 0) {
        throw new Failure(Problem.FAILED, "Cannot run " + what + ": it exited with status " + process.exitValue(), null);
      }
      return result;
    } catch (TimeoutException e) {
      kill(process);
      throw new Failure(Problem.TIMED_OUT, "Cannot run " + what + ": it did not finish within " + timeout
          + " and was killed", e);
    } catch (ExecutionException e) {
      kill(process);
      throw new Failure(Problem.FAILED, "Cannot run " + what + ": its output could not be read ("
          + e.getCause() + ")", e.getCause());
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new Failure(Problem.INTERRUPTED, "Cannot run " + what + ": interrupted while waiting for it", e);
    }
  }

  /** Kills git and whatever it started, and waits briefly for them to go. */
  private static void kill(Process process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Still going after SIGKILL (not yet reaped by the system): nothing more can be done here.
        LOG.debug("Process {} did not exit within {} ms of being killed: {}", handle.pid(), KILL_WAIT_MILLIS, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
