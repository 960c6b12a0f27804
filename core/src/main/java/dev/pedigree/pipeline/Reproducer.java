package dev.pedigree.pipeline;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.PathTrees;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.lineage.Run;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.objects.StatCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs the stage that produced a version in a scratch folder, from the inputs, params and
 * code identity its run recorded, and compares the output file by file. Nothing is published:
 * no version, no run, no fingerprint.
 */
final class Reproducer {
  private static final Logger LOG = LoggerFactory.getLogger(Reproducer.class);

  private final Repository repo;
  private final Path workDirectory;

  Reproducer(Repository repo, Path workDirectory) {
    this.repo = repo;
    this.workDirectory = workDirectory;
  }

  Reproduction reproduce(Pipeline pipeline, VersionId id) {
    ArtifactVersion version = repo.artifacts().version(id);
    if (version.producedBy().isEmpty()) {
      return cannot(id, Optional.empty(), id + " was registered directly, not by a pipeline stage; there is no run to"
          + " repeat");
    }
    String runId = version.producedBy().get();
    Run run = repo.runs().run(runId);
    String prefix = pipeline.name() + "/";
    if (!run.job().startsWith(prefix)) {
      return cannot(id, Optional.of(runId), id + " was produced by job '" + run.job() + "', not by a stage of pipeline '"
          + pipeline.name() + "'; pass the pipeline that produced it");
    }
    String stageName = run.job().substring(prefix.length());
    Optional<Stage> declared = pipeline.stage(stageName);
    if (declared.isEmpty()) {
      return cannot(id, Optional.of(runId), "pipeline '" + pipeline.name() + "' no longer has stage '" + stageName
          + "', which produced " + id);
    }
    Stage stage = declared.get();
    if (stage.outputs().stream().noneMatch(o -> o.name().equals(id.artifact()))) {
      return cannot(id, Optional.of(runId), "stage '" + stageName + "' no longer declares output '" + id.artifact() + "'");
    }
    CodeIdentity.ResolvedCode code = stage.code().resolve();
    String recordedCode = run.params().get(Execution.CODE_PARAM);
    boolean codeChanged = recordedCode != null ? !recordedCode.equals(code.token()) : !run.code().equals(code.version());
    if (codeChanged) {
      return new Reproduction(id, ReproductionStatus.CODE_CHANGED, "cannot reproduce " + id + ": code changed (the run"
          + " recorded " + (recordedCode != null ? recordedCode : run.code().toString()) + ", stage '" + stageName
          + "' is now " + (recordedCode != null ? code.token() : code.version().toString()) + "); check out the"
          + " recorded code and reproduce again", List.of(), Optional.of(runId));
    }
    Map<String, String> params = new LinkedHashMap<>();
    run.params().forEach((key, value) -> {
      if (!key.startsWith("pedigree.")) {
        params.put(key, value);
      }
    });
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory(Files.createDirectories(workDirectory), "pedigree-reproduce-");
      Map<String, Path> inputs = new LinkedHashMap<>();
      for (Map.Entry<String, StageInput> input : stage.inputs().entrySet()) {
        String recorded = run.params().get(Execution.INPUT_PARAM + input.getKey());
        Optional<String> problem = materialise(input.getKey(), input.getValue(), recorded, scratch, inputs);
        if (problem.isPresent()) {
          return cannot(id, Optional.of(runId), problem.get());
        }
      }
      Map<String, Path> outputs = new LinkedHashMap<>();
      for (StageOutput output : stage.outputs()) {
        outputs.put(output.name(), Files.createDirectories(scratch.resolve("outputs").resolve(output.name())));
      }
      Stage recordedStage = new Stage(stage.name(), stage.inputs(), params, stage.outputs(), stage.code(), stage.action());
      stage.action().run(new DefaultStageContext(pipeline.name(), recordedStage, "reproduction-of-" + runId,
          new DefaultStageContext.MetricSink() {
            @Override
            public void metric(String name, double value) {
              // A reproduction compares bytes; its metrics are not recorded.
            }

            @Override
            public void metric(String name, long step, double value) {
              // As above.
            }
          }, inputs, outputs));
      List<Reproduction.FileDifference> differences = compare(version, outputs.get(id.artifact()));
      if (differences.isEmpty()) {
        LOG.info("Reproduced {} bit for bit by re-running {}", id, run.job());
        return new Reproduction(id, ReproductionStatus.IDENTICAL, "reproduced " + id + " bit for bit: stage '" + stageName
            + "' ran again from " + describe(run, inputs.keySet()) + " with params " + params + " and code "
            + code.token() + ", and wrote the same " + describeContent(version), List.of(), Optional.of(runId));
      }
      LOG.warn("Reproducing {} wrote different bytes: {}", id, differences);
      return new Reproduction(id, ReproductionStatus.DIFFERENT, "reproducing " + id + " wrote different bytes in "
          + differences.size() + " file(s): " + differences.stream().map(Reproduction.FileDifference::toString).toList()
          + "; the stage is not deterministic (look for seeds, clocks, iteration order) or depends on something it does"
          + " not declare", differences, Optional.of(runId));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reproduce " + id + ": " + e.getMessage(), e);
    } catch (PedigreeException e) {
      throw e;
    } catch (Exception e) {
      return cannot(id, Optional.of(runId), "stage '" + stageName + "' failed when run again: " + e);
    } finally {
      if (scratch != null) {
        try {
          PathTrees.deleteRecursively(scratch);
        } catch (IOException e) {
          LOG.warn("Could not delete the reproduction's scratch folder {}: {}", scratch, e.toString());
        }
      }
    }
  }

  private Optional<String> materialise(String name, StageInput input, String recorded, Path scratch,
      Map<String, Path> inputs) throws IOException {
    if (recorded == null) {
      return Optional.of("the run recorded no version for input '" + name + "' (it was recorded before Pedigree kept"
          + " inputs by name); re-run the pipeline to record one");
    }
    String[] parts = recorded.split(" ");
    if (input instanceof StageInput.Local local) {
      String now = Execution.localToken(StatCache.open(scratch.resolve("stat-cache")), local.path(),
          StatCache.Progress.NONE);
      if (!now.equals(parts[parts.length - 1])) {
        return Optional.of("local input '" + name + "' (" + local.path() + ") changed since the run and is not stored"
            + " in Pedigree; restore it or register it as an artifact");
      }
      inputs.put(name, local.path());
      return Optional.empty();
    }
    VersionId used = VersionId.parse(parts[0]);
    ArtifactVersion version = repo.artifacts().version(used);
    Path target = Files.createDirectories(scratch.resolve("inputs").resolve(name));
    if (version.layout() == ContentLayout.DIRECTORY) {
      repo.artifacts().checkout(version, target);
      inputs.put(name, target);
    } else {
      Path file = target.resolve(version.artifact());
      repo.artifacts().copyTo(version, file);
      inputs.put(name, file);
    }
    return Optional.empty();
  }

  private List<Reproduction.FileDifference> compare(ArtifactVersion version, Path written) throws IOException {
    Map<String, String> recorded = new TreeMap<>();
    if (version.layout() == ContentLayout.DIRECTORY) {
      for (ManifestEntry entry : RepositoryInternals.of(repo).objects().readManifest(version.content()).entries()) {
        recorded.put(entry.path(), entry.digest().hex());
      }
    } else {
      recorded.put(version.artifact(), version.content().hex());
    }
    Map<String, String> now = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(written)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          now.put(written.relativize(file).toString().replace('\\', '/'), Digest.of(file).hex());
        }
      }
    }
    if (version.layout() == ContentLayout.FILE && now.size() == 1) {
      // A file version is known by its content; the file's name in the output folder is the stage's choice.
      now = Map.of(version.artifact(), now.values().iterator().next());
    }
    List<Reproduction.FileDifference> differences = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(recorded.keySet());
    paths.addAll(now.keySet());
    for (String path : paths) {
      Optional<String> before = Optional.ofNullable(recorded.get(path));
      Optional<String> after = Optional.ofNullable(now.get(path));
      if (!before.equals(after)) {
        differences.add(new Reproduction.FileDifference(path, before, after));
      }
    }
    return differences;
  }



  private static String describe(Run run, java.util.Set<String> inputs) {
    List<String> parts = new ArrayList<>();
    for (String name : inputs) {
      String recorded = run.params().get(Execution.INPUT_PARAM + name);
      parts.add(name + "=" + (recorded == null ? "?" : recorded.split(" ")[0]));
    }
    return parts.isEmpty() ? "no inputs" : "inputs " + parts;
  }

  private String describeContent(ArtifactVersion version) {
    return version.layout() == ContentLayout.DIRECTORY
        ? RepositoryInternals.of(repo).objects().readManifest(version.content()).entries().size() + " file(s) (manifest " + version.content().shortHex() + ")"
        : "content " + version.content().shortHex();
  }

  private static Reproduction cannot(VersionId id, Optional<String> runId, String why) {
    if (why.isEmpty()) {
      throw new InvalidRequestException("Cannot reproduce " + id + ": no reason given");
    }
    return new Reproduction(id, ReproductionStatus.CANNOT_REPRODUCE, "cannot reproduce " + id + ": " + why, List.of(),
        runId);
  }
}
