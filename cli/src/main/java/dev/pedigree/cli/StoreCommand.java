package dev.pedigree.cli;

import dev.pedigree.Repository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: it opens the store, does its work, prints text or JSON, and
 * returns an exit code. Subclasses implement {@link #run(Repository)}.
 */
abstract class StoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    try (Repository repo = cli().open(spec)) {
      return run(repo);
    }
  }

  /** Does the command's work on an open store and returns its exit code. */
  abstract int run(Repository repo);

  PedigreeCli cli() {
    return (PedigreeCli) spec.root().userObject();
  }

  boolean json() {
    return cli().json();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a value as JSON (records, maps, lists, strings and numbers) on standard output. */
  void printJson(Object value) {
    out().println(Json.write(value));
    out().flush();
  }

  /**
   * Does long work under a progress bar on standard error, drawn only on a terminal.
   *
   * @param total the amount of work in bytes, or -1 when unknown
   * @param done how much is done so far, or -1 when unknown
   */
  <T> T withProgress(String label, long total, java.util.function.LongSupplier done, java.util.function.Supplier<T> work) {
    return withProgress(Progress.start(err(), cli().progress(), label, total, done), work);
  }

  /** Does long work under a spinner whose label the work updates (phase and count), on a terminal only. */
  <T> T withSpinner(java.util.function.Supplier<String> label, java.util.function.Supplier<T> work) {
    return withProgress(Progress.spinner(err(), cli().progress(), label), work);
  }

  private static <T> T withProgress(Progress bar, java.util.function.Supplier<T> work) {
    try {
      T result = work.get();
      bar.completed();
      return result;
    } finally {
      bar.close();
    }
  }
}
