package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named set of stages wired together by the outputs they read from each other. The
 * constructor checks the wiring: stage names are unique, every stage-output input names an
 * existing stage and output, no two stages write one artifact, and there is no cycle. Whether
 * artifact inputs exist is checked when the pipeline runs, against the repository it runs on.
 *
 * <pre>{@code
 * Pipeline pipeline = new Pipeline("churn", List.of(preprocess, train, evaluate));
 * }</pre>
 *
 * @param name the pipeline's name
 * @param stages its stages, in declaration order
 */
public record Pipeline(String name, List<Stage> stages) {
  /**
   * Validates the pipeline.
   *
   * @throws dev.pedigree.exceptions.InvalidNameException if the name is invalid
   * @throws InvalidRequestException naming the problem if the wiring is wrong
   */
  public Pipeline {
    PipelineNames.requireValid(name, "pipeline");
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw invalid(name, "it has no stages", "add at least one stage");
    }
    Map<String, Stage> byName = new HashMap<>();
    Map<String, String> producers = new HashMap<>();
    for (Stage stage : stages) {
      if (byName.putIfAbsent(stage.name(), stage) != null) {
        throw invalid(name, "stage '" + stage.name() + "' is declared twice", "give each stage its own name");
      }
      for (StageOutput output : stage.outputs()) {
        String other = producers.putIfAbsent(output.name(), stage.name());
        if (other != null) {
          throw invalid(name, "stages '" + other + "' and '" + stage.name() + "' both write output '" + output.name() + "'",
              "each artifact must have one producing stage; rename one of the outputs");
        }
      }
    }
    for (Stage stage : stages) {
      for (Map.Entry<String, StageInput> input : stage.inputs().entrySet()) {
        if (input.getValue() instanceof StageInput.FromStage from) {
          Stage producer = byName.get(from.stage());
          if (producer == null) {
            throw invalid(name, "input '" + input.getKey() + "' of stage '" + stage.name() + "' reads output '" + from.output()
                + "' of stage '" + from.stage() + "', but there is no stage '" + from.stage() + "'",
                "declare that stage or fix the name (stages: " + byName.keySet().stream().sorted().toList() + ")");
          }
          if (producer.outputs().stream().noneMatch(o -> o.name().equals(from.output()))) {
            throw invalid(name, "input '" + input.getKey() + "' of stage '" + stage.name() + "' reads output '" + from.output()
                + "' of stage '" + from.stage() + "', but that stage has no such output",
                "use one of its outputs " + producer.outputs().stream().map(StageOutput::name).toList());
          }
        }
      }
    }
    List<String> cycle = findCycle(stages, byName);
    if (!cycle.isEmpty()) {
      throw invalid(name, "its stages form a cycle " + String.join(" -> ", cycle),
          "a stage cannot read, directly or through other stages, an output it writes");
    }
  }

  /**
   * Returns a stage by name.
   *
   * @param stageName the name
   * @return the stage, or empty
   */
  public Optional<Stage> stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
  }

  /**
   * Returns the names of the stages whose outputs a stage reads.
   *
   * @param stage the stage
   * @return the upstream stage names, in input order
   */
  public Set<String> upstreamOf(Stage stage) {
    return upstream(stage);
  }

  /**
   * Returns the stages in an order in which each comes after every stage it reads from
   * (among the possible orders, the one closest to declaration order).
   *
   * @return the stages
   */
  public List<Stage> topologicalOrder() {
    List<Stage> order = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (order.size() < stages.size()) {
      for (Stage stage : stages) {
        if (!done.contains(stage.name()) && done.containsAll(upstream(stage))) {
          order.add(stage);
          done.add(stage.name());
          break;
        }
      }
    }
    return Collections.unmodifiableList(order);
  }

  private static Set<String> upstream(Stage stage) {
    return stage.inputs().values().stream().filter(StageInput.FromStage.class::isInstance)
        .map(i -> ((StageInput.FromStage) i).stage()).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Depth-first search along data flow, in declaration order; returns the first cycle found, closed. */
  private static List<String> findCycle(List<Stage> stages, Map<String, Stage> byName) {
    Map<String, List<String>> downstream = new LinkedHashMap<>();
    for (Stage stage : stages) {
      downstream.put(stage.name(), new ArrayList<>());
    }
    for (Stage stage : stages) {
      for (String from : upstream(stage)) {
        downstream.get(from).add(stage.name());
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (Stage stage : stages) {
      List<String> cycle = visit(stage.name(), downstream, state, new ArrayList<>());
      if (cycle != null) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(String stage, Map<String, List<String>> downstream, Map<String, Integer> state,
      List<String> path) {
    Integer current = state.get(stage);
    if (current != null && current == 2) {
      return null;
    }
    if (current != null && current == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(stage), path.size()));
      cycle.add(stage);
      return cycle;
    }
    state.put(stage, 1);
    path.add(stage);
    for (String next : downstream.get(stage)) {
      List<String> cycle = visit(next, downstream, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(stage, 2);
    return null;
  }

  private static InvalidRequestException invalid(String pipeline, String why, String what) {
    return new InvalidRequestException("Cannot build pipeline '" + pipeline + "': " + why + "; " + what);
  }
}
