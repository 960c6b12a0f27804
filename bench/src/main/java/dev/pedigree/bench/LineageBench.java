package dev.pedigree.bench;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Run;
import dev.pedigree.lineage.RunStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Measures lineage queries over a large graph on a local folder store: by default 100,000
 * runs in 100 projects of 1,000, each run reading up to 8 versions and writing 2, about
 * 1,000,000 edges in all.
 *
 * <p>How the graph is written: the project root datasets (and one shared calendar dataset) are
 * registered through the public registry API; the 100,000 runs are written through the
 * documented bulk path {@code Runs.importLineage}, 1,000 runs a call, each call one segment of
 * the lineage edge log (writing each run through {@code ActiveRun} costs about 25 synced file
 * creations a run, hours for 100,000 on this machine; the query side reads the same log
 * either way).
 *
 * <p>Then it prints: the cold open and first query of a fresh {@code Repository} (which folds
 * the whole edge log into the index and stores a checkpoint), the cold open and first query
 * of another fresh {@code Repository} (which starts from that checkpoint), and the median of
 * warm downstream and upstream queries.
 *
 * <p>Arguments: the store folder (emptied by the script), and the number of runs.
 */
public final class LineageBench {
  private static final int RUNS_PER_PROJECT = 1_000;
  private static final int INPUTS = 8;
  private static final int OUTPUTS = 2;
  private static final int BATCH = 1_000;
  private static final int WARM_REPEATS = 21;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private LineageBench() {
  }

  /**
   * Runs the benchmark.
   *
   * @param args store folder, number of runs
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/lineage-bench");
    int totalRuns = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Files.createDirectories(dir);
    String location = dir.toAbsolutePath().toUri().toString();
    int projects = Math.max(1, totalRuns / RUNS_PER_PROJECT);
    System.out.printf("Lineage benchmark: %,d runs in %d projects on %s%n", totalRuns, projects, location);

    long edges;
    long buildStart = System.nanoTime();
    try (Repository repo = Repository.builder(location).actor("bench").build()) {
      for (int p = 0; p < projects; p++) {
        repo.artifacts().register(NewVersion.of("raw-p" + p, ArtifactKind.DATASET)
            .bytes(("raw data of project " + p).getBytes(StandardCharsets.UTF_8)).build());
      }
      repo.artifacts().register(NewVersion.of("calendar", ArtifactKind.DATASET)
          .bytes("holidays".getBytes(StandardCharsets.UTF_8)).build());
      long registered = System.nanoTime();
      System.out.printf("  registered %d root datasets through ArtifactRegistry.register: %.1f s%n", projects + 1,
          seconds(registered - buildStart));
      edges = importRuns(repo, totalRuns, projects);
      System.out.printf("  imported %,d runs with %,d edges through Runs.importLineage (bulk path, %d runs a segment): %.1f s%n",
          totalRuns, edges, BATCH, seconds(System.nanoTime() - registered));
    }

    VersionId projectRoot = new VersionId("raw-p0", 1);
    VersionId calendar = new VersionId("calendar", 1);
    VersionId lastModel = new VersionId("p0-out0", RUNS_PER_PROJECT / 10);

    System.out.printf("(machine: %d processors, load average %.1f; 'cpu' is this thread's CPU time, which other"
        + " processes on a shared machine do not inflate)%n", Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    long coldStart = System.nanoTime();
    long coldCpu = CPU.getCurrentThreadCpuTime();
    try (Repository cold = Repository.open(location)) {
      LineageView first = cold.lineage().downstream(projectRoot);
      System.out.printf("Cold open + first downstream query (whole edge log folded, checkpoint stored): %.0f ms (cpu %.0f ms)"
          + " -> %,d nodes, %,d edges%n", millis(System.nanoTime() - coldStart), millis(CPU.getCurrentThreadCpuTime() - coldCpu),
          first.nodes().size(), first.edges().size());
    }
    coldStart = System.nanoTime();
    coldCpu = CPU.getCurrentThreadCpuTime();
    try (Repository cold = Repository.open(location)) {
      LineageView first = cold.lineage().downstream(projectRoot);
      System.out.printf("Cold open + first downstream query (from the checkpoint):                      %.0f ms (cpu %.0f ms)"
          + " -> %,d nodes, %,d edges%n", millis(System.nanoTime() - coldStart), millis(CPU.getCurrentThreadCpuTime() - coldCpu),
          first.nodes().size(), first.edges().size());

      report("Warm downstream of a project's root dataset", () -> cold.lineage().downstream(projectRoot));
      report("Warm upstream of a late model version", () -> cold.lineage().upstream(lastModel));
      report("Warm downstream of the shared calendar dataset", () -> cold.lineage().downstream(calendar));
      report("Warm path root -> late model", () -> {
        cold.lineage().path(projectRoot, lastModel);
        return null;
      });
    }
  }

  private static long importRuns(Repository repo, int totalRuns, int projects) {
    Random random = new Random(42);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    long edges = 0;
    List<Run> batch = new ArrayList<>(BATCH);
    for (int p = 0; p < projects; p++) {
      // Versions of this project so far, newest last; runs read mostly recent ones.
      List<VersionId> versions = new ArrayList<>();
      versions.add(new VersionId("raw-p" + p, 1));
      Map<String, Integer> numbers = new HashMap<>();
      int runsHere = p == projects - 1 ? totalRuns - p * RUNS_PER_PROJECT : RUNS_PER_PROJECT;
      for (int j = 0; j < runsHere; j++) {
        Set<VersionId> inputs = new LinkedHashSet<>();
        if (j % 100 == 0) {
          inputs.add(new VersionId("calendar", 1));
        }
        int want = Math.min(INPUTS, versions.size() + inputs.size());
        int window = Math.min(versions.size(), 40);
        while (inputs.size() < want) {
          inputs.add(versions.get(versions.size() - 1 - random.nextInt(window)));
          if (inputs.size() < want && window == versions.size() && inputs.containsAll(versions)) {
            break;
          }
        }
        List<VersionId> outputs = new ArrayList<>(OUTPUTS);
        for (int o = 0; o < OUTPUTS; o++) {
          String artifact = "p" + p + "-out" + ((j * OUTPUTS + o) % 20);
          outputs.add(new VersionId(artifact, numbers.merge(artifact, 1, Integer::sum)));
        }
        versions.addAll(outputs);
        edges += inputs.size() + outputs.size();
        batch.add(new Run(UUID.randomUUID().toString(), "p" + p + "-step" + (j % 10), RunStatus.SUCCEEDED,
            List.copyOf(inputs), outputs, Map.of(), Map.of(), List.of(), CodeVersion.unknown(), Map.of(), now,
            Optional.of(now), Optional.empty()));
        if (batch.size() == BATCH) {
          repo.runs().importLineage(batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      repo.runs().importLineage(batch);
    }
    return edges;
  }

  private static void report(String what, Supplier<LineageView> query) {
    LineageView last = query.get(); // one more warm-up
    double[] times = new double[WARM_REPEATS];
    double[] cpu = new double[WARM_REPEATS];
    for (int i = 0; i < WARM_REPEATS; i++) {
      long start = System.nanoTime();
      long startCpu = CPU.getCurrentThreadCpuTime();
      last = query.get();
      times[i] = millis(System.nanoTime() - start);
      cpu[i] = millis(CPU.getCurrentThreadCpuTime() - startCpu);
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    System.out.printf("%-48s median %7.2f ms (cpu %.2f; min %.2f, max %.2f; %d queries)%s%n", what + ":",
        times[WARM_REPEATS / 2], cpu[WARM_REPEATS / 2], times[0], times[WARM_REPEATS - 1], WARM_REPEATS,
        last == null ? "" : String.format(" -> %,d nodes, %,d edges", last.nodes().size(), last.edges().size()));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
