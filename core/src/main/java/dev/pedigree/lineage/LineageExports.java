package dev.pedigree.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Exports runs as <a href="https://openlineage.io/">OpenLineage</a> run events (spec 2-0-2),
 * the JSON that Marquez and other lineage servers accept.
 *
 * <pre>{@code
 * Run run = repo.runs().run(id);
 * for (String event : LineageExports.openLineage(run, "pedigree://team-ml")) {
 *   http.post("http://marquez:5000/api/v1/lineage", event);
 * }
 * }</pre>
 *
 * <p>Each run becomes a {@code START} event at its start time with its inputs, and, once it
 * has ended, a {@code COMPLETE} or {@code FAIL} event at its end time with its inputs and
 * outputs (a failed run carries the {@code errorMessage} run facet). A run still in progress
 * ({@code activeRun.snapshot()}) gives its {@code START} event with the inputs declared so far.
 * A dataset is an artifact: its name is the artifact's name, its {@code version} facet the
 * version number. The job is the run's job name; the run id is the run's UUID.
 *
 * <p>Facets: every event carries the job facets {@code jobType} (processing type {@code BATCH},
 * integration {@code PEDIGREE}, job type {@code TASK} for a pipeline stage, else {@code JOB})
 * and {@code documentation}, and three custom run facets, each with its own {@code _schemaURL}
 * whose JSON Schema ships in this jar under {@code dev/pedigree/lineage/facets/}:
 * {@code pedigree_params} ({@link #PARAMS_FACET_SCHEMA}), {@code pedigree_metrics} (finite
 * values only, {@link #METRICS_FACET_SCHEMA}) and {@code pedigree_codeVersion}
 * ({@link #CODE_VERSION_FACET_SCHEMA}).
 */
public final class LineageExports {
  /** The {@code producer} URI written into every event and facet. */
  public static final String PRODUCER = "https://github.com/pedigree-dev/pedigree/tree/main/core";
  /** The schema URL of the run events written. */
  public static final String RUN_EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  /** The schema URL of the {@code pedigree_params} run facet. */
  public static final String PARAMS_FACET_SCHEMA =
      "https://pedigree.dev/spec/facets/1-0-0/PedigreeParamsRunFacet.json#/$defs/PedigreeParamsRunFacet";
  /** The schema URL of the {@code pedigree_metrics} run facet. */
  public static final String METRICS_FACET_SCHEMA =
      "https://pedigree.dev/spec/facets/1-0-0/PedigreeMetricsRunFacet.json#/$defs/PedigreeMetricsRunFacet";
  /** The schema URL of the {@code pedigree_codeVersion} run facet. */
  public static final String CODE_VERSION_FACET_SCHEMA =
      "https://pedigree.dev/spec/facets/1-0-0/PedigreeCodeVersionRunFacet.json#/$defs/PedigreeCodeVersionRunFacet";
  /** Where the custom facets' JSON Schemas are on the class path (one file per facet, named as in its URL). */
  public static final String FACET_SCHEMA_RESOURCES = "dev/pedigree/lineage/facets/";
  private static final String JOB_TYPE_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";
  private static final String DOCUMENTATION_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet";
  private static final String VERSION_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";
  private static final String ERROR_FACET_SCHEMA =
      "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

  private LineageExports() {
  }

  /**
   * Returns a run's OpenLineage events, oldest first: {@code START}, then {@code COMPLETE}
   * or {@code FAIL} if the run has ended.
   *
   * @param run the run
   * @param namespace the namespace of the job and the datasets, such as
   *     {@code pedigree://team-ml}
   * @return one JSON document per event
   * @throws InvalidRequestException if the namespace is blank
   */
  public static List<String> openLineage(Run run, String namespace) {
    InvalidRequestException.requireNonNull(run, "run");
    InvalidRequestException.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new InvalidRequestException("Cannot export run " + run.id()
          + " to OpenLineage: the namespace is blank; pass one such as 'pedigree://team-ml'");
    }
    List<String> events = new ArrayList<>();
    events.add(event(run, namespace, "START", run.startedAt(), false));
    if (run.status() != RunStatus.RUNNING) {
      Instant end = run.endedAt().orElse(run.startedAt());
      events.add(event(run, namespace, run.status() == RunStatus.SUCCEEDED ? "COMPLETE" : "FAIL", end, true));
    }
    return List.copyOf(events);
  }

  /**
   * Returns the OpenLineage run id of a run: its id when that is a UUID (as Pedigree's are),
   * otherwise a UUID derived from it by name.
   *
   * @param run the run
   * @return the run id used in the events
   */
  public static UUID runId(Run run) {
    InvalidRequestException.requireNonNull(run, "run");
    try {
      return UUID.fromString(run.id());
    } catch (IllegalArgumentException e) {
      return UUID.nameUUIDFromBytes(run.id().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String event(Run run, String namespace, String type, Instant time, boolean ended) {
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("eventType", type);
    event.put("eventTime", time.toString());
    event.put("producer", PRODUCER);
    event.put("schemaURL", RUN_EVENT_SCHEMA);
    ObjectNode runNode = event.putObject("run");
    runNode.put("runId", runId(run).toString());
    ObjectNode runFacets = runNode.putObject("facets");
    if (ended && run.status() == RunStatus.FAILED) {
      ObjectNode error = facet(runFacets, "errorMessage", ERROR_FACET_SCHEMA);
      String text = run.error().orElse("failed");
      error.put("message", text.lines().findFirst().orElse(text));
      error.put("programmingLanguage", "JAVA");
      error.put("stackTrace", text);
    }
    ObjectNode params = facet(runFacets, "pedigree_params", PARAMS_FACET_SCHEMA).putObject("params");
    new java.util.TreeMap<>(run.params()).forEach(params::put);
    ObjectNode metrics = facet(runFacets, "pedigree_metrics", METRICS_FACET_SCHEMA).putObject("metrics");
    new java.util.TreeMap<>(run.metrics()).forEach((k, v) -> {
      if (Double.isFinite(v)) {
        metrics.put(k, v);
      }
    });
    ObjectNode code = facet(runFacets, "pedigree_codeVersion", CODE_VERSION_FACET_SCHEMA);
    run.code().gitCommit().ifPresent(c -> code.put("gitCommit", c));
    code.put("dirty", run.code().dirty());
    run.code().version().ifPresent(v -> code.put("version", v));
    ObjectNode job = event.putObject("job");
    job.put("namespace", namespace);
    job.put("name", run.job());
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = facet(jobFacets, "jobType", JOB_TYPE_FACET_SCHEMA);
    jobType.put("processingType", "BATCH");
    jobType.put("integration", "PEDIGREE");
    jobType.put("jobType", run.job().contains("/") ? "TASK" : "JOB");
    facet(jobFacets, "documentation", DOCUMENTATION_FACET_SCHEMA).put("description", (run.job().contains("/")
        ? "Stage " + run.job().substring(run.job().indexOf('/') + 1) + " of Pedigree pipeline "
            + run.job().substring(0, run.job().indexOf('/'))
        : "Pedigree job " + run.job()) + ", code " + run.code() + ".");
    datasets(event.putArray("inputs"), run.inputs(), namespace);
    datasets(event.putArray("outputs"), ended ? run.outputs() : List.of(), namespace);
    try {
      return Json.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an OpenLineage event of run " + run.id() + ": " + e.getOriginalMessage(), e);
    }
  }

  private static void datasets(ArrayNode array, List<VersionId> versions, String namespace) {
    for (VersionId version : versions) {
      ObjectNode dataset = array.addObject();
      dataset.put("namespace", namespace);
      dataset.put("name", version.artifact());
      ObjectNode facets = dataset.putObject("facets");
      facet(facets, "version", VERSION_FACET_SCHEMA).put("datasetVersion", Integer.toString(version.number()));
    }
  }

  private static ObjectNode facet(ObjectNode facets, String name, String schema) {
    ObjectNode facet = facets.putObject(name);
    facet.put("_producer", PRODUCER);
    facet.put("_schemaURL", schema);
    return facet;
  }
}
