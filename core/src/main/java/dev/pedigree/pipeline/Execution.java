package dev.pedigree.pipeline;

import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Json;
import dev.pedigree.lineage.ActiveRun;
import dev.pedigree.lineage.Run;
import dev.pedigree.objects.DirectorySnapshot;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.StatCache;
import dev.pedigree.internal.PathTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of one pipeline. */
final class Execution {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
  static final String FINGERPRINT_FORMAT = "pedigree.stage-fingerprint/1";
  /** The run parameter recording a stage's code identity token, so a reproduction can compare it. */
  static final String CODE_PARAM = "pedigree.code";
  /** The prefix of the run parameters recording each input: version id or path, then its token. */
  static final String INPUT_PARAM = "pedigree.input.";

  private final Repository repo;
  private final Pipeline pipeline;
  private final Executor givenExecutor;
  private final PipelineListener listener;
  private final Path statCacheFile;
  private final Path workDirectory;
  private final Clock clock;
  private final Set<String> forced;
  private final boolean forceAll;
  private final FingerprintStore fingerprints;
  private final Map<ArtifactRef, ArtifactVersion> resolved = new LinkedHashMap<>();
  private StatCache statCache;

  Execution(Repository repo, Pipeline pipeline, Executor executor, PipelineListener listener, Path statCacheFile,
      Path workDirectory, Clock clock, Set<String> forced, boolean forceAll) {
    this.repo = repo;
    this.pipeline = pipeline;
    this.givenExecutor = executor;
    this.listener = listener;
    this.statCacheFile = statCacheFile;
    this.workDirectory = workDirectory;
    this.clock = clock;
    this.forced = forced;
    this.forceAll = forceAll;
    this.fingerprints = new FingerprintStore(RepositoryInternals.of(repo).objects(), RepositoryInternals.of(repo).refs());
  }

  PipelineResult run() {
    Instant startedAt = clock.instant();
    checkBeforeStart();
    statCache = StatCache.open(statCacheFile);
    ExecutorService ownPool = null;
    Executor executor = givenExecutor;
    if (executor == null) {
      ownPool = defaultPool(pipeline.stages().size());
      executor = ownPool;
    }
    try {
      Map<String, CompletableFuture<StageResult>> futures = new LinkedHashMap<>();
      for (Stage stage : pipeline.topologicalOrder()) {
        List<CompletableFuture<StageResult>> upstream = new ArrayList<>();
        for (String name : pipeline.upstreamOf(stage)) {
          upstream.add(futures.get(name));
        }
        Executor chosen = executor;
        CompletableFuture<StageResult> future = CompletableFuture.allOf(upstream.toArray(new CompletableFuture<?>[0]))
            .thenApplyAsync(ignored -> execute(stage, upstream.stream().map(CompletableFuture::join).toList()), chosen)
            .exceptionally(error -> {
              Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
              Instant now = clock.instant();
              return new StageResult(stage.name(), StageStatus.FAILED, Optional.empty(), Optional.empty(), now, now,
                  List.of(), Optional.of("Cannot run stage '" + stage.name() + "': " + cause
                      + "; if the executor rejected it, give the runner one that accepts every stage"));
            });
        futures.put(stage.name(), future);
      }
      List<StageResult> results = new ArrayList<>();
      for (Stage stage : pipeline.stages()) {
        results.add(futures.get(stage.name()).join());
      }
      return new PipelineResult(pipeline.name(), results, startedAt, clock.instant());
    } finally {
      if (ownPool != null) {
        ownPool.shutdownNow();
      }
      statCache.save();
    }
  }

  /** Resolves every artifact input and checks every local input and forced stage before anything runs. */
  private void checkBeforeStart() {
    for (String name : forced) {
      if (pipeline.stage(name).isEmpty()) {
        throw new InvalidRequestException("Cannot force stage '" + name + "' of pipeline '" + pipeline.name()
            + "': the pipeline has no such stage; use one of " + pipeline.stages().stream().map(Stage::name).toList());
      }
    }
    List<String> missing = new ArrayList<>();
    for (Stage stage : pipeline.stages()) {
      for (Map.Entry<String, StageInput> input : stage.inputs().entrySet()) {
        if (input.getValue() instanceof StageInput.Artifact artifact && !resolved.containsKey(artifact.ref())) {
          try {
            resolved.put(artifact.ref(), repo.artifacts().resolve(artifact.ref()));
          } catch (ArtifactNotFoundException e) {
            missing.add("input '" + input.getKey() + "' of stage '" + stage.name() + "' names '" + artifact.ref() + "'");
          }
        } else if (input.getValue() instanceof StageInput.Local local && !Files.exists(local.path())) {
          throw new InvalidRequestException("Cannot run pipeline '" + pipeline.name() + "': local input '" + input.getKey()
              + "' of stage '" + stage.name() + "' is " + local.path() + ", which does not exist; create it or fix the path");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ArtifactNotFoundException(missing.get(0), "Cannot run pipeline '" + pipeline.name() + "': "
          + String.join(", ", missing) + (missing.size() == 1 ? ", which does not exist" : ", which do not exist")
          + " in " + RepositoryInternals.of(repo).store().displayLocation() + "; register the artifact or fix the reference (nothing ran)");
    }
  }

  private StageResult execute(Stage stage, List<StageResult> upstream) {
    Instant startedAt = clock.instant();
    for (StageResult before : upstream) {
      if (!before.succeeded()) {
        String reason = before.status() == StageStatus.FAILED ? "upstream stage '" + before.stage() + "' failed"
            : before.error().orElse("upstream stage '" + before.stage() + "' did not run");
        StageResult result = new StageResult(stage.name(), StageStatus.SKIPPED_UPSTREAM_FAILED, Optional.empty(),
            Optional.empty(), startedAt, clock.instant(), List.of(), Optional.of(reason));
        listener.stageSkipped(pipeline.name(), result);
        return result;
      }
    }
    Map<String, StageResult> byStage = new LinkedHashMap<>();
    upstream.forEach(r -> byStage.put(r.stage(), r));
    CodeIdentity.ResolvedCode code;
    Map<String, String> inputTokens = new TreeMap<>();
    Digest fingerprint;
    try {
      code = stage.code().resolve();
      for (Map.Entry<String, StageInput> input : stage.inputs().entrySet()) {
        inputTokens.put(input.getKey(), inputToken(stage, input.getKey(), input.getValue(), byStage));
      }
      fingerprint = fingerprint(stage, code, inputTokens);
    } catch (RuntimeException e) {
      LOG.debug("Cannot fingerprint stage {}", stage.name(), e);
      return finish(new StageResult(stage.name(), StageStatus.FAILED, Optional.empty(), Optional.empty(), startedAt,
          clock.instant(), List.of(), Optional.of("Cannot fingerprint stage '" + stage.name() + "': " + e.getMessage())));
    }
    if (!forceAll && !forced.contains(stage.name())) {
      Optional<FingerprintStore.Success> success;
      try {
        success = fingerprints.find(pipeline.name(), stage.name(), fingerprint);
      } catch (RuntimeException e) {
        return finish(new StageResult(stage.name(), StageStatus.FAILED, Optional.of(fingerprint), Optional.empty(),
            startedAt, clock.instant(), List.of(), Optional.of(e.getMessage())));
      }
      if (success.isPresent()) {
        StageResult result = new StageResult(stage.name(), StageStatus.SKIPPED_UNCHANGED, Optional.of(fingerprint),
            Optional.of(success.get().runId()), startedAt, clock.instant(), success.get().outputs(), Optional.empty());
        listener.stageSkipped(pipeline.name(), result);
        return result;
      }
    }
    return runAction(stage, code, inputTokens, fingerprint, byStage, startedAt);
  }

  private StageResult runAction(Stage stage, CodeIdentity.ResolvedCode code, Map<String, String> inputTokens,
      Digest fingerprint, Map<String, StageResult> byStage, Instant startedAt) {
    ActiveRun run = repo.runs().start(pipeline.name() + "/" + stage.name(), code.version());
    Path work = null;
    try {
      listener.stageStarted(pipeline.name(), stage.name(), run.id());
      stage.params().forEach(run::param);
      run.param("pedigree.fingerprint", fingerprint.toString());
      run.param(CODE_PARAM, code.token());
      work = Files.createTempDirectory(Files.createDirectories(workDirectory), "pedigree-" + pipeline.name() + "-"
          + stage.name() + "-");
      Map<String, Path> inputs = new LinkedHashMap<>();
      for (Map.Entry<String, StageInput> input : stage.inputs().entrySet()) {
        inputs.put(input.getKey(), materialise(run, work, input.getKey(), input.getValue(), inputTokens, byStage));
      }
      Map<String, Path> outputs = new LinkedHashMap<>();
      for (StageOutput output : stage.outputs()) {
        Path folder = Files.createDirectories(work.resolve("outputs").resolve(output.name()));
        outputs.put(output.name(), output.layout() == ContentLayout.FILE ? folder.resolve(output.name()) : folder);
      }
      stage.action().run(new DefaultStageContext(pipeline.name(), stage, run, inputs, outputs));
      // Everything is ingested first, then registered: a failure while reading the outputs publishes nothing.
      Map<StageOutput, Digest> ingested = new LinkedHashMap<>();
      for (StageOutput output : stage.outputs()) {
        Path written = outputs.get(output.name());
        if (output.layout() == ContentLayout.FILE) {
          if (!Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException("Cannot publish file output '" + output.name() + "' of stage '"
                + stage.name() + "': the action wrote no regular file at ctx.output(\"" + output.name()
                + "\"); write the file at that path (or declare a directory output)");
          }
          ingested.put(output, RepositoryInternals.of(repo).objects().ingest(written));
          continue;
        }
        DirectorySnapshot snapshot = RepositoryInternals.of(repo).objects().ingestDirectory(written);
        if (snapshot.manifest().entries().isEmpty()) {
          throw new InvalidRequestException("Cannot publish output '" + output.name() + "' of stage '" + stage.name()
              + "': the action wrote no file into ctx.output(\"" + output.name() + "\"); write the output there");
        }
        ingested.put(output, snapshot.digest());
      }
      Map<String, Double> metrics = run.snapshot().metrics();
      List<OutputVersion> published = new ArrayList<>();
      for (Map.Entry<StageOutput, Digest> entry : ingested.entrySet()) {
        StageOutput output = entry.getKey();
        ArtifactVersion version = run.register(NewVersion.of(output.name(), output.kind())
            .stored(entry.getValue(), output.layout()).params(stage.params()).metrics(metrics)
            .description("output of stage '" + stage.name() + "' of pipeline '" + pipeline.name() + "'").build());
        published.add(new OutputVersion(output.name(), version.id(), version.content(), version.layout()));
      }
      Run done = run.succeed();
      fingerprints.record(pipeline.name(), stage.name(), fingerprint, run.id(), published,
          done.endedAt().orElse(clock.instant()), repo.actor());
      return finish(new StageResult(stage.name(), StageStatus.RAN, Optional.of(fingerprint), Optional.of(run.id()),
          startedAt, clock.instant(), published, Optional.empty()));
    } catch (Exception | Error e) {
      if (e instanceof VirtualMachineError) {
        throw (Error) e;
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.debug("Stage {} of {} failed", stage.name(), pipeline.name(), e);
      try {
        run.fail(e);
      } catch (RuntimeException recording) {
        e.addSuppressed(recording);
      }
      String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
      return finish(new StageResult(stage.name(), StageStatus.FAILED, Optional.of(fingerprint), Optional.of(run.id()),
          startedAt, clock.instant(), List.of(), Optional.of(message)));
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private StageResult finish(StageResult result) {
    listener.stageFinished(pipeline.name(), result);
    return result;
  }

  private String inputToken(Stage stage, String name, StageInput input, Map<String, StageResult> byStage) {
    if (input instanceof StageInput.Artifact artifact) {
      ArtifactVersion version = resolved.get(artifact.ref());
      return layoutToken(version.layout()) + version.content();
    }
    if (input instanceof StageInput.FromStage from) {
      OutputVersion output = byStage.get(from.stage()).output(from.output()).orElseThrow(() -> new IllegalStateException(
          "Stage '" + from.stage() + "' succeeded without output '" + from.output() + "'"));
      return layoutToken(output.layout()) + output.digest();
    }
    Path path = ((StageInput.Local) input).path();
    return localToken(statCache, path, (done, hashed, finished) ->
        listener.localInputProgress(pipeline.name(), stage.name(), path, done, hashed, finished));
  }

  /** The fingerprint token of a local input: {@code file:<digest>} or {@code dir:<manifest digest>}. */
  static String localToken(StatCache cache, Path path, StatCache.Progress progress) {
    return (Files.isDirectory(path) ? "dir:" : "file:") + cache.digestOf(path, progress);
  }

  private static String layoutToken(ContentLayout layout) {
    return layout == ContentLayout.DIRECTORY ? "dir:" : "file:";
  }

  private Digest fingerprint(Stage stage, CodeIdentity.ResolvedCode code, Map<String, String> inputTokens) {
    Map<String, Object> content = new TreeMap<>();
    content.put("format", FINGERPRINT_FORMAT);
    content.put("pipeline", pipeline.name());
    content.put("stage", stage.name());
    content.put("code", code.token());
    content.put("params", new TreeMap<>(stage.params()));
    content.put("inputs", inputTokens);
    Map<String, String> outputs = new TreeMap<>();
    for (StageOutput output : stage.outputs()) {
      // Directory outputs keep the token they had before outputs could be files, so no fingerprint changes.
      outputs.put(output.name(), output.kind().name() + (output.layout() == ContentLayout.FILE ? "/file" : ""));
    }
    content.put("outputs", outputs);
    return Digest.of(Json.write(content));
  }

  private Path materialise(ActiveRun run, Path work, String name, StageInput input, Map<String, String> inputTokens,
      Map<String, StageResult> byStage) throws IOException {
    if (input instanceof StageInput.Local local) {
      run.param(INPUT_PARAM + name, local.path() + " " + inputTokens.get(name));
      return local.path();
    }
    ArtifactVersion version;
    if (input instanceof StageInput.Artifact artifact) {
      version = resolved.get(artifact.ref());
    } else {
      StageInput.FromStage from = (StageInput.FromStage) input;
      version = repo.artifacts().version(byStage.get(from.stage()).output(from.output()).orElseThrow().version());
    }
    run.input(version);
    run.param(INPUT_PARAM + name, version.id() + " " + layoutToken(version.layout()) + version.content());
    Path target = Files.createDirectories(work.resolve("inputs").resolve(name));
    if (version.layout() == ContentLayout.DIRECTORY) {
      RepositoryInternals.of(repo).objects().checkout(version.content(), target);
      return target;
    }
    Path file = target.resolve(version.artifact());
    RepositoryInternals.of(repo).objects().copyTo(version.content(), file);
    return file;
  }

  private static ExecutorService defaultPool(int stages) {
    int threads = Math.max(1, Math.min(stages, Math.max(2, Runtime.getRuntime().availableProcessors())));
    AtomicInteger counter = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "pedigree-stage-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  private static void deleteTree(Path root) {
    try {
      PathTrees.deleteRecursively(root);
    } catch (IOException e) {
      // Temporary files of a finished stage: harmless if left, but say so.
      LOG.warn("Could not delete the temporary stage folder {}: {}", root, e.toString());
    }
  }
}
