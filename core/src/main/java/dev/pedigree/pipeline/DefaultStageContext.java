package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.ActiveRun;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context a stage's action receives. */
final class DefaultStageContext implements StageContext {
  private final String pipeline;
  private final Stage stage;
  private final ActiveRun run;
  private final Map<String, Path> inputs;
  private final Map<String, Path> outputs;
  private final Logger log;

  DefaultStageContext(String pipeline, Stage stage, ActiveRun run, Map<String, Path> inputs, Map<String, Path> outputs) {
    this.pipeline = pipeline;
    this.stage = stage;
    this.run = run;
    this.inputs = Map.copyOf(inputs);
    this.outputs = Map.copyOf(outputs);
    this.log = LoggerFactory.getLogger("dev.pedigree.pipeline." + pipeline + "." + stage.name());
  }

  @Override
  public String pipeline() {
    return pipeline;
  }

  @Override
  public String stage() {
    return stage.name();
  }

  @Override
  public String runId() {
    return run.id();
  }

  @Override
  public Path input(String name) {
    Path path = inputs.get(name);
    if (path == null) {
      throw new InvalidRequestException("Cannot read input '" + name + "' of stage '" + stage.name()
          + "': the stage declares no such input; declare it, or use one of " + stage.inputs().keySet());
    }
    return path;
  }

  @Override
  public Path output(String name) {
    Path path = outputs.get(name);
    if (path == null) {
      throw new InvalidRequestException("Cannot write output '" + name + "' of stage '" + stage.name()
          + "': the stage declares no such output; declare it, or use one of "
          + stage.outputs().stream().map(StageOutput::name).toList());
    }
    return path;
  }

  @Override
  public String param(String name) {
    String value = stage.params().get(name);
    if (value == null) {
      throw new InvalidRequestException("Cannot read parameter '" + name + "' of stage '" + stage.name()
          + "': the stage declares no such parameter; declare it, or use one of " + stage.params().keySet());
    }
    return value;
  }

  @Override
  public Map<String, String> params() {
    return stage.params();
  }

  @Override
  public void metric(String name, double value) {
    run.logMetric(name, value);
  }

  @Override
  public void metric(String name, long step, double value) {
    run.logMetric(name, step, value);
  }

  @Override
  public Logger log() {
    return log;
  }
}
