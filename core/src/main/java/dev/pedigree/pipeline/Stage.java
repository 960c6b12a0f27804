package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline: what it reads, with which parameters, what it writes, the identity
 * of its code, and the action that does the work. Build stages with the {@code dsl} module's
 * {@code Pipelines.named(...)}, or directly:
 *
 * <pre>{@code
 * Stage train = new Stage("train",
 *     Map.of("features", StageInput.stageOutput("preprocess", "features")),
 *     Map.of("epochs", "20"),
 *     List.of(new StageOutput("churn-model", ArtifactKind.MODEL)),
 *     CodeIdentity.ofClass(Train.class),
 *     new Train());
 * }</pre>
 *
 * @param name the stage's name, unique in its pipeline
 * @param inputs the inputs by the name the action reads them under, in declaration order
 * @param params the parameters, in declaration order
 * @param outputs the artifacts it registers
 * @param code how its code is identified
 * @param action the work
 */
public record Stage(String name, Map<String, StageInput> inputs, Map<String, String> params, List<StageOutput> outputs,
    CodeIdentity code, StageAction action) {
  /**
   * Validates names and copies the collections.
   *
   * @throws dev.pedigree.exceptions.InvalidNameException if a name is invalid
   * @throws dev.pedigree.exceptions.InvalidRequestException if an output is declared twice
   */
  public Stage {
    PipelineNames.requireValid(name, "stage");
    inputs.keySet().forEach(input -> PipelineNames.requireValid(input, "input"));
    inputs.values().forEach(input -> InvalidRequestException.requireNonNull(input, "input"));
    params.forEach((key, value) -> {
      PipelineNames.requireValid(key, "parameter");
      InvalidRequestException.requireNonNull(value, "value of parameter " + key);
    });
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    outputs = List.copyOf(outputs);
    for (int i = 0; i < outputs.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (outputs.get(i).name().equals(outputs.get(j).name())) {
          throw new dev.pedigree.exceptions.InvalidRequestException("Cannot declare stage '" + name + "': output '"
              + outputs.get(i).name() + "' is declared twice; declare each output once");
        }
      }
    }
    InvalidRequestException.requireNonNull(code, "code");
    InvalidRequestException.requireNonNull(action, "action");
  }
}
