package dev.pedigree.invariants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test sources on the test class path, its output
 * going to a log file that failures quote.
 */
final class ChildJvm {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** JVM options for a short-lived child: quick to start, small. */
  static final List<String> QUICK = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  /**
   * Starts {@code main} with the given JVM options and arguments.
   *
   * @param main a class with a {@code main} method in the test sources
   * @param options JVM options such as {@code -Xmx64m}
   * @param log the file that receives the child's output
   * @param args the program arguments
   */
  static ChildJvm start(Class<?> main, List<String> options, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new ChildJvm(process, log);
  }

  Process process() {
    return process;
  }

  /** Waits until a file the child creates appears, failing if the child ends first. */
  void awaitFile(Path file) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new AssertionError("child ended with exit code " + process.exitValue() + " before creating " + file
            + "; its output:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("child did not create " + file + " within 2 minutes; its output:\n" + output());
      }
      Thread.sleep(2);
    }
  }

  /**
   * Waits until the child has printed at least {@code count} lines starting with
   * {@code prefix}, failing if it ends first.
   */
  void awaitLines(String prefix, int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (output().lines().filter(line -> line.startsWith(prefix)).count() < count) {
      if (!process.isAlive()) {
        throw new AssertionError("child ended with exit code " + process.exitValue() + " before printing " + count
            + " lines starting with '" + prefix + "'; its output:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("child did not print " + count + " lines starting with '" + prefix
            + "' within 2 minutes; its output:\n" + output());
      }
      Thread.sleep(2);
    }
  }

  /** Waits for the child to end on its own and requires exit code 0. */
  void awaitSuccess() throws IOException, InterruptedException {
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child did not finish within 5 minutes; its output:\n" + output());
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("child failed with exit code " + process.exitValue() + "; its output:\n" + output());
    }
  }

  /** Returns what the child printed so far. */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
