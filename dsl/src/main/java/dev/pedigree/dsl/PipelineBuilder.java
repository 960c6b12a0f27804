package dev.pedigree.dsl;

import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.pipeline.CodeIdentity;
import dev.pedigree.pipeline.Pipeline;
import dev.pedigree.pipeline.Stage;
import dev.pedigree.pipeline.StageAction;
import dev.pedigree.pipeline.StageInput;
import dev.pedigree.pipeline.StageOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one implementation behind every step of the DSL. */
final class PipelineBuilder implements PipelineBuildStep, StageInputStep {
  private final String name;
  /** Stages as declared; made into core stages, and so validated, by build(). */
  private final List<Declared> stages = new ArrayList<>();
  private String stageName;
  private Map<String, StageInput> inputs;
  private Map<String, String> params;
  private List<StageOutput> outputs;
  private CodeIdentity code;

  PipelineBuilder(String name) {
    this.name = InvalidRequestException.requireNonNull(name, "name");
  }

  @Override
  public StageInputStep stage(String stage) {
    InvalidRequestException.requireNonNull(stage, "stage");
    if (stages.stream().anyMatch(s -> s.name().equals(stage))) {
      throw new InvalidRequestException("Cannot add stage '" + stage + "' to pipeline '" + name
          + "': a stage of that name was already declared; give each stage its own name");
    }
    stageName = stage;
    inputs = new LinkedHashMap<>();
    params = new LinkedHashMap<>();
    outputs = new ArrayList<>();
    code = null;
    return this;
  }

  @Override
  public StageInputStep input(String input, String artifactReference) {
    return input(input, StageInput.artifact(InvalidRequestException.requireNonNull(artifactReference, "artifactReference")));
  }

  @Override
  public StageInputStep input(String input, Path localPath) {
    return input(input, StageInput.local(InvalidRequestException.requireNonNull(localPath, "localPath")));
  }

  @Override
  public StageInputStep input(String input, StageInput source) {
    InvalidRequestException.requireNonNull(input, "input");
    InvalidRequestException.requireNonNull(source, "source");
    StageInput previous = inputs.putIfAbsent(input, source);
    if (previous != null) {
      throw twice("input '" + input + "'", previous.toString());
    }
    return this;
  }

  @Override
  public StageParamStep param(String param, String value) {
    InvalidRequestException.requireNonNull(param, "param");
    InvalidRequestException.requireNonNull(value, "value");
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
    return param(param, Double.toString(value));
  }

  @Override
  public StageOutputStep output(String output, ArtifactKind kind) {
    InvalidRequestException.requireNonNull(output, "output");
    InvalidRequestException.requireNonNull(kind, "kind");
    for (StageOutput existing : outputs) {
      if (existing.name().equals(output)) {
        throw twice("output '" + output + "'", existing.kind().name());
      }
    }
    outputs.add(new StageOutput(output, kind));
    return this;
  }

  @Override
  public StageActionStep code(CodeIdentity identity) {
    code = InvalidRequestException.requireNonNull(identity, "identity");
    return this;
  }

  @Override
  public StageActionStep codeVersion(String version) {
    return code(CodeIdentity.version(version));
  }

  @Override
  public StageActionStep codeFromClass(Class<?> type) {
    return code(CodeIdentity.ofClass(type));
  }

  @Override
  public StageActionStep codeFromGit(Path workTree) {
    return code(CodeIdentity.gitCommit(workTree));
  }

  @Override
  public PipelineBuildStep action(StageAction action) {
    InvalidRequestException.requireNonNull(action, "action");
    stages.add(new Declared(stageName, inputs, params, outputs,
        code != null ? code : CodeIdentity.ofClass(action.getClass()), action));
    stageName = null;
    return this;
  }

  @Override
  public Pipeline build() {
    List<Stage> built = new ArrayList<>();
    for (Declared d : stages) {
      built.add(new Stage(d.name(), d.inputs(), d.params(), d.outputs(), d.code(), d.action()));
    }
    return new Pipeline(name, built);
  }

  private record Declared(String name, Map<String, StageInput> inputs, Map<String, String> params,
      List<StageOutput> outputs, CodeIdentity code, StageAction action) {
  }

  private InvalidRequestException twice(String what, String previous) {
    return new InvalidRequestException("Cannot set " + what + " of stage '" + stageName + "' in pipeline '" + name
        + "': it was already set to " + previous + "; declare each input, parameter and output once");
  }
}
