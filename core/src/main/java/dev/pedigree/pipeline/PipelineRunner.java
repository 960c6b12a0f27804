package dev.pedigree.pipeline;

import dev.pedigree.Repository;
import dev.pedigree.exceptions.InvalidRequestException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Runs pipelines on a repository: stages in dependency order, independent stages at once on
 * an {@link Executor}, each stage skipped when its fingerprint — code identity, parameters,
 * and the digests of its inputs — already has a recorded successful run, in which case its
 * outputs are that run's (nothing is recomputed or copied). Every executed stage is a run in
 * the repository's lineage, named {@code <pipeline>/<stage>}.
 *
 * <pre>{@code
 * PipelineResult result = PipelineRunner.on(repo)
 *     .executor(pool)
 *     .listener(PipelineListener.logging())
 *     .force("train")
 *     .run(pipeline);
 * }</pre>
 *
 * <p>What a run guarantees:
 * <ul>
 *   <li>Artifact inputs are resolved once, before any stage starts; if one names nothing the
 *       run fails at once with {@link dev.pedigree.exceptions.ArtifactNotFoundException}
 *       naming every missing reference, and nothing runs. A missing local input fails the run
 *       the same way.
 *   <li>A stage's outputs are registered only after its action returns; a stage that fails
 *       registers nothing and moves no alias (stages never move aliases; promotion does),
 *       its run is recorded as failed with the error, and the stages that read from it are
 *       {@link StageStatus#SKIPPED_UPSTREAM_FAILED}. Stages on other branches still run.
 *   <li>Local inputs are digested through a {@link dev.pedigree.objects.StatCache} ({@code .pedigree/stat-cache}
 *       under the working directory unless {@link #statCache(Path)} says otherwise), so an
 *       unchanged directory costs one metadata read per file.
 * </ul>
 *
 * <p>Configure once (each setting may be given once), then call {@link #run} as often as
 * needed, from one thread at a time.
 */
public final class PipelineRunner {
  private final Repository repository;
  private Executor executor;
  private PipelineListener listener;
  private Path statCache;
  private Path workDirectory;
  private Clock clock;
  private final Set<String> forced = new LinkedHashSet<>();
  private boolean forceAll;

  private PipelineRunner(Repository repository) {
    this.repository = InvalidRequestException.requireNonNull(repository, "repository");
  }

  /**
   * Starts configuring a runner on a repository.
   *
   * @param repository where inputs are read, outputs registered and runs recorded
   * @return the runner
   */
  public static PipelineRunner on(Repository repository) {
    return new PipelineRunner(repository);
  }

  /**
   * Sets the executor independent stages run on (default: a pool of
   * {@code max(2, processors)} threads, at most one per stage, shut down after each run).
   * Stage tasks never wait for each other inside the executor, so any executor works, even
   * one thread or a direct one.
   *
   * @param value the executor
   * @return this runner
   */
  public PipelineRunner executor(Executor value) {
    requireUnset(executor, "executor");
    executor = InvalidRequestException.requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets the listener of progress events (default: {@link PipelineListener#logging()}).
   *
   * @param value the listener
   * @return this runner
   */
  public PipelineRunner listener(PipelineListener value) {
    requireUnset(listener, "listener");
    listener = InvalidRequestException.requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets the file of the stat cache used for local inputs (default:
   * {@code .pedigree/stat-cache} in the current working directory).
   *
   * @param file the cache file; deleting it is always safe
   * @return this runner
   */
  public PipelineRunner statCache(Path file) {
    requireUnset(statCache, "stat cache");
    statCache = InvalidRequestException.requireNonNull(file, "file");
    return this;
  }

  /**
   * Sets the folder where stages get their temporary input and output directories (default:
   * the system temporary folder).
   *
   * @param directory the folder
   * @return this runner
   */
  public PipelineRunner workDirectory(Path directory) {
    requireUnset(workDirectory, "work directory");
    workDirectory = InvalidRequestException.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Sets the clock of the start and end times in results (default: the system clock).
   *
   * @param value the clock
   * @return this runner
   */
  public PipelineRunner clock(Clock value) {
    requireUnset(clock, "clock");
    clock = InvalidRequestException.requireNonNull(value, "value");
    return this;
  }

  /**
   * Runs the named stages even if their fingerprints have a recorded success. Their
   * downstream stages run again only if the forced stages' outputs change.
   *
   * @param stages stage names
   * @return this runner
   */
  public PipelineRunner force(String... stages) {
    for (String stage : stages) {
      if (!forced.add(PipelineNames.requireValid(stage, "stage"))) {
        throw new InvalidRequestException("The stage '" + stage + "' was already forced");
      }
    }
    return this;
  }

  /**
   * Runs every stage, whatever was recorded.
   *
   * @return this runner
   */
  public PipelineRunner forceAll() {
    if (forceAll) {
      throw new InvalidRequestException("forceAll() was already called");
    }
    forceAll = true;
    return this;
  }

  /**
   * Runs a pipeline and waits for every stage to finish or be skipped.
   *
   * @param pipeline the pipeline
   * @return every stage's result
   * @throws dev.pedigree.exceptions.ArtifactNotFoundException if an artifact input names
   *     nothing; no stage ran
   * @throws dev.pedigree.exceptions.InvalidRequestException if a forced stage is not in the
   *     pipeline or a local input does not exist; no stage ran
   */
  public PipelineResult run(Pipeline pipeline) {
    InvalidRequestException.requireNonNull(pipeline, "pipeline");
    return new Execution(repository, pipeline, executor, listener != null ? listener : PipelineListener.logging(),
        statCache != null ? statCache : Path.of(".pedigree", "stat-cache"),
        workDirectory != null ? workDirectory : Path.of(System.getProperty("java.io.tmpdir")),
        clock != null ? clock : Clock.systemUTC(), Set.copyOf(forced), forceAll).run();
  }

  /**
   * Re-runs the stage that produced a version, in a scratch folder under the work directory,
   * from the input versions (by digest, not by today's aliases), params and code identity its run
   * recorded, and compares what it writes with the version, file by file. Nothing is published.
   *
   * <pre>{@code
   * Reproduction proof = PipelineRunner.on(repo).reproduce(churn, VersionId.parse("churn-model:4"));
   * System.out.println(proof.status() + ": " + proof.explanation());
   * }</pre>
   *
   * @param pipeline the pipeline whose stage produced the version
   * @param version the version
   * @return identical, different (naming each file), code changed, or cannot reproduce (saying why)
   */
  public Reproduction reproduce(Pipeline pipeline, dev.pedigree.artifacts.VersionId version) {
    InvalidRequestException.requireNonNull(pipeline, "pipeline");
    InvalidRequestException.requireNonNull(version, "version");
    return new Reproducer(repository, workDirectory != null ? workDirectory
        : Path.of(System.getProperty("java.io.tmpdir"))).reproduce(pipeline, version);
  }

  private static void requireUnset(Object current, String what) {
    if (current != null) {
      throw new InvalidRequestException("The " + what + " was already set");
    }
  }
}
