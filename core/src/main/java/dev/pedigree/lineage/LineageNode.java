package dev.pedigree.lineage;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;

/**
 * A node of a lineage graph: an artifact version or a run.
 *
 * <pre>{@code
 * for (LineageNode node : view.nodes()) {
 *   if (node instanceof LineageNode.VersionNode v) { ... v.id() ... }
 * }
 * }</pre>
 */
public sealed interface LineageNode permits LineageNode.VersionNode, LineageNode.RunNode {
  /**
   * Returns the node's text for people: {@code name:number} for a version, the job and the
   * status for a run.
   *
   * @return the label
   */
  String label();

  /**
   * Returns a key unique among the nodes of a graph: {@code version:<name:number>} or
   * {@code run:<id>}.
   *
   * @return the key
   */
  String key();

  /**
   * An artifact version.
   *
   * @param id the version
   */
  record VersionNode(VersionId id) implements LineageNode {
    /** Checks for null. */
    public VersionNode {
      InvalidRequestException.requireNonNull(id, "id");
    }

    @Override
    public String label() {
      return id.toString();
    }

    @Override
    public String key() {
      return "version:" + id;
    }
  }

  /**
   * A run of a job.
   *
   * @param id the run id
   * @param job the job's name
   * @param status how the run ended (or that it is still running)
   */
  record RunNode(String id, String job, RunStatus status) implements LineageNode {
    /** Checks for nulls. */
    public RunNode {
      InvalidRequestException.requireNonNull(id, "id");
      InvalidRequestException.requireNonNull(job, "job");
      InvalidRequestException.requireNonNull(status, "status");
    }

    @Override
    public String label() {
      return job + " (" + status.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String key() {
      return "run:" + id;
    }
  }
}
