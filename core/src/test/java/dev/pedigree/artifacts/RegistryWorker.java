package dev.pedigree.artifacts;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.CodeVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child process of {@link ConcurrentRegistryProcessTest}: threads that each run a job that
 * reads {@code shared-data:1} and registers a version of one artifact, then move one alias to
 * it, printing what succeeded.
 *
 * <p>Arguments: store location, process tag, threads, iterations a thread, go-file. It prints
 * {@code READY}, waits until the go-file exists (so both processes start together), then one
 * line per outcome: {@code REGISTERED <n>}, {@code MOVED <reason> <entry>} or
 * {@code GAVE_UP <reason>} (a move that lost every retry), and {@code DONE} at the end.
 */
public final class RegistryWorker {
  static final String ARTIFACT = "shared-model";
  static final String ALIAS = "production";
  static final String DATA = "shared-data:1";

  private RegistryWorker() {
  }

  /**
   * Runs the worker.
   *
   * @param args location, tag, threads, iterations, go-file
   * @throws Exception if a thread fails: the process then exits non-zero
   */
  public static void main(String[] args) throws Exception {
    String location = args[0];
    String tag = args[1];
    int threads = Integer.parseInt(args[2]);
    int iterations = Integer.parseInt(args[3]);
    Path go = Path.of(args[4]);
    try (Repository repo = Repository.builder(location).actor("worker-" + tag).build()) {
      System.out.println("READY");
      System.out.flush();
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < iterations; i++) {
            ArtifactVersion version;
            try (ActiveRun run = repo.runs().start("train-" + tag + "-" + thread, CodeVersion.of("worker"))) {
              run.input(DATA);
              version = run.register(NewVersion.of(ARTIFACT, ArtifactKind.MODEL)
                  .bytes((tag + "/" + thread + "/" + i).getBytes(StandardCharsets.UTF_8)).build());
              run.succeed();
            }
            report("REGISTERED " + version.number());
            String reason = tag + "-" + thread + "-" + i;
            try {
              AliasChange change = repo.artifacts().moveAlias(ARTIFACT, ALIAS, version.number(), reason);
              report("MOVED " + reason + " " + change.sequence());
            } catch (RefConflictException e) {
              report("GAVE_UP " + reason);
            }
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get();
      }
      pool.shutdown();
      report("DONE");
    }
  }

  private static void report(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
