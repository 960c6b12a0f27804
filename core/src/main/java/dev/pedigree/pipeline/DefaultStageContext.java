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
  private final String runId;
  private final MetricSink metrics;
  private final Map<String, Path> inputs;
  private final Map<String, Path> outputs;
  private final Logger log;

  DefaultStageContext(String pipeline, Stage stage, ActiveRun run, Map<String, Path> inputs, Map<String, Path> outputs) {
    this(pipeline, stage, run.id(), MetricSink.of(run), inputs, outputs);
  }

  DefaultStageContext(String pipeline, Stage stage, String runId, MetricSink metrics, Map<String, Path> inputs,
      Map<String, Path> outputs) {
    this.pipeline = pipeline;
    this.stage = stage;
    this.runId = runId;
    this.metrics = metrics;
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
    return runId;
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
    metrics.metric(name, value);
  }

  @Override
  public void metric(String name, long step, double value) {
    metrics.metric(name, step, value);
  }

  @Override
  public Logger log() {
    return log;
  }

  /** Where a stage's metrics go: its run, or a reproduction's scratch record. */
  interface MetricSink {
    void metric(String name, double value);

    void metric(String name, long step, double value);

    static MetricSink of(ActiveRun run) {
      return new MetricSink() {
        @Override
        public void metric(String name, double value) {
          run.logMetric(name, value);
        }

        @Override
        public void metric(String name, long step, double value) {
          run.logMetric(name, step, value);
        }
      };
    }
  }
}
