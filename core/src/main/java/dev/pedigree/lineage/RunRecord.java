package dev.pedigree.lineage;

import dev.pedigree.artifacts.VersionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stored form of a run. */
record RunRecord(String format, String id, String job, RunStatus status, List<String> inputs, List<String> outputs,
    Map<String, String> params, Map<String, Double> metrics, List<MetricPoint> metricHistory, String gitCommit,
    boolean dirty, String codeVersion, Map<String, String> environment, Instant startedAt, Instant endedAt,
    String error) {
  static final String FORMAT = "pedigree.run/1";

  static RunRecord of(Run run) {
    return new RunRecord(FORMAT, run.id(), run.job(), run.status(),
        run.inputs().stream().map(VersionId::toString).toList(), run.outputs().stream().map(VersionId::toString).toList(),
        new java.util.TreeMap<>(run.params()), new java.util.TreeMap<>(run.metrics()), run.metricHistory(),
        run.code().gitCommit().orElse(null), run.code().dirty(), run.code().version().orElse(null),
        new java.util.TreeMap<>(run.environment()), run.startedAt(), run.endedAt().orElse(null), run.error().orElse(null));
  }

  Run toRun() {
    return new Run(id, job, status, inputs.stream().map(VersionId::parse).toList(),
        outputs.stream().map(VersionId::parse).toList(), params == null ? Map.of() : params,
        metrics == null ? Map.of() : metrics, metricHistory == null ? List.of() : metricHistory,
        new CodeVersion(Optional.ofNullable(gitCommit), dirty, Optional.ofNullable(codeVersion)),
        environment == null ? Map.of() : environment, startedAt, Optional.ofNullable(endedAt), Optional.ofNullable(error));
  }
}
