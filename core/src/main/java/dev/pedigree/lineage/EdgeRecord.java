package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.List;

/**
 * The lineage of one run as the edge log stores it: what it read and what it wrote, by
 * version id text ({@code name:number}). Internal.
 */
record EdgeRecord(String run, String job, RunStatus status, List<String> inputs, List<String> outputs) {
  EdgeRecord {
    InvalidRequestException.requireNonNull(run, "run");
    InvalidRequestException.requireNonNull(job, "job");
    InvalidRequestException.requireNonNull(status, "status");
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }

  static EdgeRecord of(Run run) {
    return new EdgeRecord(run.id(), run.job(), run.status(),
        run.inputs().stream().map(Object::toString).toList(), run.outputs().stream().map(Object::toString).toList());
  }
}
