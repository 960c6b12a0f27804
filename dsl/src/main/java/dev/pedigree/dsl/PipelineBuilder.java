package dev.pedigree.dsl;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactRef;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.pipeline.CodeIdentity;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.PipelineNames;
import dev.pedigree.pipeline.Stage;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageInput;
import dev.pedigree.pipeline.StageOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline side of the DSL. Each {@code stage(..)} hands out a new {@link StageDeclaration},
 * so a step saved in a variable belongs to one stage only and is dead once that stage's
 * {@code action(..)} completed it; the builder itself is dead once {@code build()} returned.
 */
final class PipelineBuilder implements PipelineBuildStep {
  private final String name;
  /** Completed stages, each holding immutable copies of what was declared. */
  private final List<Stage> stages = new ArrayList<>();
  private StageDeclaration open;
  private boolean built;

  PipelineBuilder(String name) {
    this.name = name;
  }

  @Override
  public StageInputStep stage(String stage) {
    requireNotBuilt("declare stage '" + stage + "'");
    PipelineNames.requireValid(stage, "stage");
    if (open != null && !open.completed) {
      throw new InvalidRequestException("Cannot declare stage '" + stage + "' in pipeline '" + name + "': stage '"
          + open.stage + "' has no action yet; finish it with .action(..) before declaring the next stage");
    }
    if (stages.stream().anyMatch(s -> s.name().equals(stage))) {
      throw new InvalidRequestException("Cannot add stage '" + stage + "' to pipeline '" + name
          + "': a stage of that name was already declared; give each stage its own name");
    }
    open = new StageDeclaration(stage);
    return open;
  }

  @Override
  public Pipeline build() {
    requireNotBuilt("build the pipeline again");
    if (open != null && !open.completed) {
      throw new InvalidRequestException("Cannot build pipeline '" + name + "': stage '" + open.stage
          + "' has no action; finish it with .action(..) or remove it");
    }
    Pipeline pipeline = new Pipeline(name, stages);
    built = true;
    return pipeline;
  }

  private void requireNotBuilt(String what) {
    if (built) {
      throw new InvalidRequestException("Cannot " + what + " of pipeline '" + name + "': build() already made the"
          + " pipeline from this builder; start a new one with Pipelines.named(..)");
    }
  }

  private static <T> T require(T value, String what, String doing) {
    if (value == null) {
      throw new InvalidRequestException("Cannot " + doing + ": the " + what + " is null; pass a " + what);
    }
    return value;
  }

  /** One stage being declared; every step of a stage is this object. */
  private final class StageDeclaration implements StageInputStep {
    private final String stage;
    private final Map<String, StageInput> inputs = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<StageOutput> outputs = new ArrayList<>();
    private CodeIdentity code;
    private boolean completed;

    StageDeclaration(String stage) {
      this.stage = stage;
    }

    @Override
    public StageInputStep input(String input, String artifactReference) {
      requireOpen("add input '" + input + "'");
      return input(input, StageInput.artifact(require(artifactReference, "artifact reference",
          "add input '" + input + "' to stage '" + stage + "'")));
    }

    @Override
    public StageInputStep input(String input, Path localPath) {
      requireOpen("add input '" + input + "'");
      return input(input, StageInput.local(require(localPath, "local path",
          "add input '" + input + "' to stage '" + stage + "'")));
    }

    @Override
    public StageInputStep input(String input, StageInput source) {
      requireOpen("add input '" + input + "'");
      PipelineNames.requireValid(input, "input");
      require(source, "input source", "add input '" + input + "' to stage '" + stage + "'");
      StageInput previous = inputs.putIfAbsent(input, source);
      if (previous != null) {
        throw twice("input '" + input + "'", previous.toString());
      }
      return this;
    }

    @Override
    public StageParamStep param(String param, String value) {
      requireOpen("set parameter '" + param + "'");
      PipelineNames.requireValid(param, "parameter");
      require(value, "value", "set parameter '" + param + "' of stage '" + stage + "'");
      String previous = params.putIfAbsent(param, value);
      if (previous != null) {
        throw twice("parameter '" + param + "'", "'" + previous + "'");
      }
      return this;
    }

    @Override
    public StageParamStep param(String param, long value) {
      return param(param, Long.toString(value));
    }

    @Override
    public StageParamStep param(String param, double value) {
      if (!Double.isFinite(value)) {
        requireOpen("set parameter '" + param + "'");
        throw new InvalidRequestException("Cannot set parameter '" + param + "' of stage '" + stage + "' to " + value
            + ": it is not a finite number; pass a finite value or a string");
      }
      return param(param, Double.toString(value));
    }

    @Override
    public StageOutputStep output(String output, ArtifactKind kind) {
      return declareOutput(output, kind, false);
    }

    @Override
    public StageOutputStep outputFile(String output, ArtifactKind kind) {
      return declareOutput(output, kind, true);
    }

    private StageOutputStep declareOutput(String output, ArtifactKind kind, boolean file) {
      requireOpen("declare output '" + output + "'");
      ArtifactRef.latest(output); // validates the artifact name now, not at build()
      require(kind, "kind", "declare output '" + output + "' of stage '" + stage + "'");
      for (StageOutput existing : outputs) {
        if (existing.name().equals(output)) {
          throw twice("output '" + output + "'", existing.kind().name() + " " + existing.layout());
        }
      }
      outputs.add(file ? StageOutput.file(output, kind) : new StageOutput(output, kind));
      return this;
    }

    @Override
    public StageActionStep code(CodeIdentity identity) {
      requireOpen("set the code identity");
      require(identity, "code identity", "set the code identity of stage '" + stage + "'");
      if (code != null) {
        throw twice("the code identity", code.toString());
      }
      code = identity;
      return this;
    }

    @Override
    public StageActionStep codeVersion(String version) {
      requireOpen("set the code version");
      return code(CodeIdentity.version(require(version, "code version", "set the code version of stage '" + stage
          + "'")));
    }

    @Override
    public StageActionStep codeFromClass(Class<?> type) {
      requireOpen("set the code identity");
      return code(CodeIdentity.ofClass(require(type, "class", "set the code identity of stage '" + stage + "'")));
    }

    @Override
    public StageActionStep codeFromGit(Path workTree) {
      requireOpen("set the code identity");
      return code(CodeIdentity.gitCommit(require(workTree, "work tree", "set the code identity of stage '" + stage
          + "'")));
    }

    @Override
    public PipelineBuildStep action(StageAction action) {
      requireOpen("set the action");
      require(action, "action", "set the action of stage '" + stage + "'");
      // Core's Stage copies the maps and lists; nothing declared here can change it afterwards.
      stages.add(new Stage(stage, inputs, params, outputs, code != null ? code : CodeIdentity.ofClass(action.getClass()),
          action));
      completed = true;
      return PipelineBuilder.this;
    }

    private void requireOpen(String what) {
      requireNotBuilt(what + " in stage '" + stage + "'");
      if (completed) {
        throw new InvalidRequestException("Cannot " + what + " in stage '" + stage + "' of pipeline '" + name
            + "': action(..) already completed the stage; declare everything before action(..), and start another"
            + " stage with stage(..)");
      }
    }

    private InvalidRequestException twice(String what, String previous) {
      return new InvalidRequestException("Cannot set " + what + " of stage '" + stage + "' in pipeline '" + name
          + "': it was already set to " + previous + "; declare each input, parameter, output and code identity once");
    }
  }
}
