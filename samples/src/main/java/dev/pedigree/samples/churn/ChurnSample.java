package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job: weekly retraining of a churn model with a promotion gate, staged promotion,
 * alerting and rollback, on a Pedigree repository.
 *
 * <pre>
 * Simulation (default): several weeks in one run, a report per week, files in the output folder
 *   ChurnSample [--repo LOCATION] [--out DIR] [--weeks N]
 * CI mode: one week against a repository that persists between runs; exit status 1 when the
 * gate rejects; the Markdown verdict appended to $GITHUB_STEP_SUMMARY when set; JUnit XML in
 * the reports folder
 *   ChurnSample --ci --week N [--repo LOCATION] [--out DIR] [--reports DIR]
 * Either mode: the preprocess stage on Apache Spark instead of in this JVM
 *   ... --engine spark
 * </pre>
 *
 * <p>With {@code --engine spark} the preprocess stage runs on the active or default Spark
 * session, or else on a local one ({@code local[*]} unless {@code spark.master} is set) that
 * the run stops at its end. Its features have the same bytes as the in-process run's, so the
 * model has the same digest. Spark and {@code pedigree-spark} must then be on the class path
 * (an {@link EngineUnavailableException} says so otherwise); the default engine needs neither.
 *
 * <p>After the weeks, the model production holds is reproduced, and so are the features it was
 * trained on: the stages that made them run again from the versions, params and code their runs
 * recorded, and the report says whether the bytes are identical.
 *
 * <p>Every run ends with housekeeping: a retention policy keeps the last three model versions
 * and every version production held, deletes the others, and garbage collection reclaims their
 * space; the report lists each version with why it was kept, and the bytes reclaimed.
 *
 * <p>LOCATION is a local folder or any backend URI ({@code file:}, {@code s3://}, {@code gs://},
 * {@code mem:}); the default is {@code pedigree-out/repo}. The output folder (default
 * {@code pedigree-out}) receives {@code verdicts/} (Markdown), {@code reports/} (JUnit XML),
 * {@code alerts.log} and {@code lineage/} (the production model's lineage).
 */
public final class ChurnSample {
  private static final String MARKER = ".pedigree-churn-sample";

  private ChurnSample() {
  }

  /**
   * Runs the sample and exits with its status when that is not 0.
   *
   * @param args the command-line arguments (see the class description)
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the sample.
   *
   * @param args the command-line arguments
   * @param out where the report goes
   * @param env the environment (for {@code GITHUB_STEP_SUMMARY})
   * @return the exit status: 0 when every week's candidate was handled as planned (CI mode:
   *     promoted), 1 when CI mode's candidate was rejected, 2 on a usage error or when the
   *     chosen engine is not on the class path
   */
  public static int run(String[] args, PrintStream out, Map<String, String> env) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println("usage: ChurnSample [--repo LOCATION] [--out DIR] [--weeks N] | --ci --week N [--repo LOCATION]"
          + " [--out DIR] [--reports DIR]; either with [--engine in-process|spark]");
      return 2;
    }
    try {
      options.engine().requireAvailable();
    } catch (EngineUnavailableException e) {
      out.println(e.getMessage());
      return 2;
    }
    return new ChurnSampleRun(options, Settings.defaults(), out, env).run();
  }

  /** Parsed command-line options. */
  record Options(String repo, boolean repoGiven, Path out, int weeks, boolean ci, int week, Path reports,
      Engine engine) {
    static Options parse(String[] args) {
      String repo = null;
      Path out = Path.of("pedigree-out");
      Path reports = null;
      int weeks = 6;
      boolean ci = false;
      int week = 0;
      Engine engine = Engine.IN_PROCESS;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--ci" -> ci = true;
          case "--repo" -> repo = value(args, ++i, arg);
          case "--out" -> out = Path.of(value(args, ++i, arg));
          case "--reports" -> reports = Path.of(value(args, ++i, arg));
          case "--weeks" -> weeks = number(value(args, ++i, arg), arg);
          case "--week" -> week = number(value(args, ++i, arg), arg);
          case "--engine" -> engine = Engine.parse(value(args, ++i, arg));
          default -> throw new IllegalArgumentException("Cannot run the churn sample: unknown argument '" + arg + "'");
        }
      }
      if (ci && week < 1) {
        throw new IllegalArgumentException("Cannot run in CI mode: give the week to run with --week N");
      }
      if (!ci && week > 0) {
        throw new IllegalArgumentException("Cannot run a single week outside CI mode: add --ci, or use --weeks N");
      }
      return new Options(repo == null ? out.resolve("repo").toString() : repo, repo != null, out, weeks, ci, week,
          reports == null ? out.resolve("reports") : reports, engine);
    }

    private static String value(String[] args, int i, String name) {
      if (i >= args.length) {
        throw new IllegalArgumentException("Cannot run the churn sample: " + name + " needs a value");
      }
      return args[i];
    }

    private static int number(String text, String name) {
      try {
        int n = Integer.parseInt(text);
        if (n < 1 || n > 520) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot run the churn sample: " + name + " must be 1 to 520, was '" + text + "'");
      }
    }
  }

  /** One run of the sample. */
  static final class ChurnSampleRun {
    private final Options options;
    private final Settings settings;
    private final PrintStream out;
    private final Map<String, String> env;

    ChurnSampleRun(Options options, Settings settings, PrintStream out, Map<String, String> env) {
      this.options = options;
      this.settings = settings;
      this.out = out;
      this.env = env;
    }

    int run() {
      long started = System.nanoTime();
      String location = prepareLocation();
      Engine.Session engine = options.engine().open();
      try (engine; Repository repo = Repository.builder(location).actor(options.ci() ? "churn-ci" : "churn-sample")
          .writerWindow(Housekeeping.WRITER_WINDOW).build()) {
        AlertCollector alerts = new AlertCollector();
        TerminalReport report = new TerminalReport(out);
        report.header(location, settings);
        List<WeekOutcome> outcomes = new ArrayList<>();
        int first = options.ci() ? options.week() : 1;
        int last = options.ci() ? options.week() : options.weeks();
        try (WeeklyRetraining retraining = new WeeklyRetraining(repo, settings, alerts, options.engine())) {
          for (int week = first; week <= last; week++) {
            WeekOutcome outcome = retraining.runWeek(week);
            outcomes.add(outcome);
            report.week(outcome);
            alerts.drain().forEach(a -> out.printf(Locale.ROOT, "  ALERT     %s%n%n", a));
          }
          retraining.reproduceProduction().forEach(report::reproduction);
        }
        OutputFiles files = new OutputFiles(options.out(), options.reports());
        files.write(repo, outcomes, alerts.all());
        Housekeeping.run(repo, out);
        if (options.ci()) {
          WeekOutcome only = outcomes.get(0);
          String summary = env.get("GITHUB_STEP_SUMMARY");
          if (summary != null && !summary.isBlank()) {
            append(Path.of(summary), files.markdown(only));
            out.println("Verdict appended to $GITHUB_STEP_SUMMARY (" + summary + ")");
          }
        }
        out.printf(Locale.ROOT, "Outputs in %s: verdicts/ (Markdown), %s (JUnit XML), alerts.log, lineage/%n",
            options.out(), options.reports());
        // exec:java runs in Maven's own JVM, so its uptime includes downloading and compiling.
        out.printf(Locale.ROOT, "Done: the simulation took %.1f s; %.1f s since this JVM started (with mvn exec:java"
            + " that includes Maven's dependency downloads and compilation).%n", (System.nanoTime() - started) / 1e9,
            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        if (options.ci() && outcomes.get(0).rejected()) {
          out.println("CI: week " + options.week() + "'s candidate was rejected; exiting with status 1");
          return 1;
        }
        return 0;
      }
    }

    private String prepareLocation() {
      if (!options.repoGiven()) {
        Path folder = options.out();
        if (!options.ci() && Files.exists(folder.resolve(MARKER))) {
          for (String child : List.of("repo", "verdicts", "reports", "lineage", "alerts.log")) {
            deleteTree(folder.resolve(child));
          }
          out.println("Cleared the previous simulation in " + folder);
        }
        try {
          Files.createDirectories(folder);
          Files.writeString(folder.resolve(MARKER), "Made by the Pedigree churn sample; each simulation clears repo/, verdicts/, reports/, lineage/ and alerts.log here.\n");
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot create the output folder " + folder + ": " + e.getMessage(), e);
        }
      }
      return options.repo();
    }

    private static void append(Path file, String text) {
      try {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the step summary " + file + ": " + e.getMessage(), e);
      }
    }

    private static void deleteTree(Path folder) {
      if (!Files.exists(folder)) {
        return;
      }
      try (var paths = Files.walk(folder)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot clear the previous output in " + folder + ": " + e.getMessage()
            + "; delete it by hand", e);
      }
    }
  }
}
