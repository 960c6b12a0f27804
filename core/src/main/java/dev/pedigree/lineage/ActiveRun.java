package dev.pedigree.lineage;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run in progress. Declare what it reads with {@link #input}, register what it writes with
 * {@link #register}, then {@link #succeed()} or {@link #fail}. Closing it unfinished records a
 * failure, so a run in a try-with-resources block never stays "running" after an exception.
 * Thread-safe.
 */
public final class ActiveRun implements AutoCloseable {
  private final Runs runs;
  private final String id;
  private final String job;
  private final CodeVersion code;
  private final Map<String, String> environment;
  private final Instant startedAt;
  private final List<VersionId> inputs = new ArrayList<>();
  private final List<VersionId> outputs = new ArrayList<>();
  private final Map<String, String> params = new LinkedHashMap<>();
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<MetricPoint> history = new ArrayList<>();
  private Run finished;

  ActiveRun(Runs runs, String id, String job, CodeVersion code, Map<String, String> environment, Instant startedAt) {
    this.runs = runs;
    this.id = id;
    this.job = job;
    this.code = code;
    this.environment = Map.copyOf(environment);
    this.startedAt = startedAt;
  }

  /**
   * Returns the run's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Resolves a reference and records the version as an input of this run.
   *
   * @param reference such as {@code raw-customers@production}
   * @return the version read
   */
  public ArtifactVersion input(String reference) {
    return input(runs.artifacts().resolve(reference));
  }

  /**
   * Records a version as an input of this run.
   *
   * @param version the version read
   * @return the same version
   */
  public synchronized ArtifactVersion input(ArtifactVersion version) {
    InvalidRequestException.requireNonNull(version, "version");
    checkOpen();
    if (!inputs.contains(version.id())) {
      runs.recordInput(id, version.id());
      inputs.add(version.id());
    }
    return version;
  }

  /**
   * Records a parameter.
   *
   * @param name the parameter
   * @param value its value
   * @return this run
   */
  public synchronized ActiveRun param(String name, String value) {
    checkOpen();
    params.put(InvalidRequestException.requireNonNull(name, "name"), InvalidRequestException.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Logs a metric's value (its final value, or one of a series).
   *
   * @param name the metric
   * @param value its value
   * @return this run
   */
  public ActiveRun logMetric(String name, double value) {
    synchronized (this) {
      return logMetric(name, history.stream().filter(p -> p.name().equals(name)).count(), value);
    }
  }

  /**
   * Logs a metric's value at a step.
   *
   * @param name the metric
   * @param step the step
   * @param value its value
   * @return this run
   */
  public synchronized ActiveRun logMetric(String name, long step, double value) {
    checkOpen();
    InvalidRequestException.requireNonNull(name, "name");
    history.add(new MetricPoint(name, step, value, runs.clock().instant()));
    metrics.put(name, value);
    return this;
  }

  /**
   * Registers a version produced by this run and records it as an output. Takes the same
   * value as {@link dev.pedigree.artifacts.ArtifactRegistry#register(NewVersion)}:
   *
   * <pre>{@code
   * run.register(NewVersion.of("churn-model", ArtifactKind.MODEL).file(model).build());
   * }</pre>
   *
   * @param version the new version; its producing run is set to this one
   * @return the registered version
   * @throws InvalidRequestException if the version names another producing run
   */
  public ArtifactVersion register(NewVersion version) {
    checkOpen();
    InvalidRequestException.requireNonNull(version, "version");
    NewVersion produced;
    if (version.producedBy().isEmpty()) {
      produced = version.toBuilder().producedBy(id).build();
    } else if (version.producedBy().get().equals(id)) {
      produced = version;
    } else {
      throw new InvalidRequestException("Cannot register a version of '" + version.artifact() + "' in run '" + id
          + "': it names run '" + version.producedBy().get() + "' as its producer; leave producedBy unset, the run"
          + " sets it");
    }
    ArtifactVersion registered = runs.artifacts().register(produced);
    synchronized (this) {
      outputs.add(registered.id());
    }
    return registered;
  }

  /**
   * Records that the run succeeded.
   *
   * @return the run as recorded
   */
  public synchronized Run succeed() {
    return finish(RunStatus.SUCCEEDED, null);
  }

  /**
   * Records that the run failed.
   *
   * @param error the error
   * @return the run as recorded
   */
  public synchronized Run fail(Throwable error) {
    InvalidRequestException.requireNonNull(error, "error");
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    return finish(RunStatus.FAILED, text.length() > 4000 ? text.substring(0, 4000) + "..." : text);
  }

  /**
   * Returns the run's current state.
   *
   * @return a snapshot
   */
  public synchronized Run snapshot() {
    return finished != null ? finished : build(RunStatus.RUNNING, null, null);
  }

  /** Records a failure if the run was not finished. */
  @Override
  public synchronized void close() {
    if (finished == null) {
      finish(RunStatus.FAILED, "The run was closed before succeed() or fail() was called");
    }
  }

  private Run finish(RunStatus status, String error) {
    checkOpen();
    Run run = build(status, runs.clock().instant(), error);
    runs.save(run);
    finished = run;
    return run;
  }

  private Run build(RunStatus status, Instant endedAt, String error) {
    return new Run(id, job, status, inputs, outputs, params, metrics, history, code, environment, startedAt,
        Optional.ofNullable(endedAt), Optional.ofNullable(error));
  }

  private void checkOpen() {
    if (finished != null) {
      throw new InvalidRequestException("Run " + id + " of '" + job + "' already finished as " + finished.status());
    }
  }
}
