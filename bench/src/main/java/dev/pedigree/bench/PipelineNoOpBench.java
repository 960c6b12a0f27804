package dev.pedigree.bench;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.dsl.Pipelines;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineListener;
import dev.pedigree.pipeline.PipelineResult;
import dev.pedigree.pipeline.PipelineRunner;
import dev.pedigree.pipeline.StageStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the no-op re-run of a pipeline whose input is a large local directory (default
 * 100,000 files), in-process, next to {@code git status} on the same tree in the same run, and
 * the re-run after one file changed.
 *
 * <p>Usage: {@code PipelineNoOpBench [files] [work-dir] [repeats]}. The work directory is
 * created (a temporary one by default) and left in place for inspection.
 */
public final class PipelineNoOpBench {
  private PipelineNoOpBench() {
  }

  /**
   * Runs the benchmark and prints the figures.
   *
   * @param args files, work directory, repeats
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path work = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("pedigree-bench-");
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path tree = work.resolve("tree");
    Path data = tree.resolve("data");

    long t0 = System.nanoTime();
    for (int i = 0; i < files; i++) {
      Path dir = data.resolve(String.format("shard-%03d", i / 1000));
      if (i % 1000 == 0) {
        Files.createDirectories(dir);
      }
      Files.write(dir.resolve(String.format("row-%06d.csv", i)),
          ("id,tenure,plan\n" + i + "," + (i % 37) + ",basic\n").getBytes(StandardCharsets.UTF_8));
    }
    System.out.printf("created %,d files in %s: %d ms%n", files, data, ms(System.nanoTime() - t0));

    t0 = System.nanoTime();
    git(tree, "init", "-q");
    git(tree, "add", "-A");
    git(tree, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "data");
    System.out.printf("git init + add + commit: %d ms%n", ms(System.nanoTime() - t0));

    Repository repo = Repository.builder(new MemoryBlobStore()).actor("bench").build();
    Path statCache = work.resolve("state/stat-cache");
    AtomicLong hashed = new AtomicLong();
    PipelineListener quiet = new PipelineListener() {
      @Override
      public void localInputProgress(String pipeline, String stage, Path path, long filesDone, long filesHashed,
          boolean done) {
        if (done) {
          hashed.set(filesHashed);
        }
      }
    };
    Pipeline pipeline = Pipelines.named("bench")
        .stage("count").input("data", data).output("row-count", ArtifactKind.REPORT).codeVersion("1")
        .action(ctx -> Files.writeString(ctx.output("row-count").resolve("count.txt"), "counted"))
        .build();

    // The stat cache does not remember files modified in the last two seconds (racy entries).
    Thread.sleep(2100);
    t0 = System.nanoTime();
    PipelineResult cold = run(repo, statCache, quiet, pipeline);
    System.out.printf("first run (hash every file, stage runs): %d ms, %s, %,d files hashed%n",
        ms(System.nanoTime() - t0), cold.stage("count").status(), hashed.get());
    require(cold, StageStatus.RAN);

    // Warm-up, then alternate the two measurements so both see the same machine state.
    run(repo, statCache, quiet, pipeline);
    git(tree, "status", "--porcelain");
    List<Long> noop = new ArrayList<>();
    List<Long> status = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      t0 = System.nanoTime();
      PipelineResult result = run(repo, statCache, quiet, pipeline);
      noop.add(System.nanoTime() - t0);
      require(result, StageStatus.SKIPPED_UNCHANGED);
      if (hashed.get() != 0) {
        throw new IllegalStateException("a no-op run hashed " + hashed.get() + " files");
      }
      t0 = System.nanoTime();
      git(tree, "status", "--porcelain");
      status.add(System.nanoTime() - t0);
    }
    long noopMedian = median(noop);
    long statusMedian = median(status);
    System.out.printf("no-op re-run (stat cache, %,d files): median %d ms, min %d ms over %d runs%n", files,
        ms(noopMedian), ms(Collections.min(noop)), repeats);
    System.out.printf("git status --porcelain on the same tree: median %d ms, min %d ms over %d runs%n",
        ms(statusMedian), ms(Collections.min(status)), repeats);
    System.out.printf("ratio no-op / git status: %.2f (target <= 2.0)%n", (double) noopMedian / statusMedian);

    Path changed = data.resolve("shard-042/row-042424.csv");
    if (!Files.exists(changed)) {
      changed = data.resolve("shard-000/row-000000.csv");
    }
    Files.writeString(changed, "id,tenure,plan\nchanged\n");
    t0 = System.nanoTime();
    PipelineResult after = run(repo, statCache, quiet, pipeline);
    long afterChange = System.nanoTime() - t0;
    require(after, StageStatus.RAN);
    System.out.printf("re-run after changing one file: %d ms, %s, %,d file(s) hashed%n", ms(afterChange),
        after.stage("count").status(), hashed.get());
    t0 = System.nanoTime();
    git(tree, "status", "--porcelain");
    long statusAfter = System.nanoTime() - t0;
    System.out.printf("git status after the change: %d ms%n", ms(statusAfter));
    System.out.printf("ratio one-changed-file re-run / git status: %.2f (goal <= 2.0 + hashing the changed file);"
        + " against the median git status: %.2f%n", (double) afterChange / statusAfter, (double) afterChange / statusMedian);
    System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.printf("work directory (delete when done): %s%n", work);
  }

  private static PipelineResult run(Repository repo, Path statCache, PipelineListener listener, Pipeline pipeline) {
    return PipelineRunner.on(repo).statCache(statCache).listener(listener).run(pipeline);
  }

  private static void require(PipelineResult result, StageStatus expected) {
    if (result.stage("count").status() != expected) {
      throw new IllegalStateException("expected " + expected + " but the stage ended " + result.stage("count"));
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir);
    }
  }
}
