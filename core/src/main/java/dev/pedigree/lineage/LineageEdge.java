package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * An edge of a lineage graph, always pointing the way data flows: a version is an
 * {@link Type#INPUT_OF input of} a run, or a run {@link Type#PRODUCED produced} a version.
 *
 * @param from where the data comes from
 * @param to where it goes
 * @param type what the edge means
 */
public record LineageEdge(LineageNode from, LineageNode to, Type type) {
  /**
   * Validates the edge: an input edge goes from a version to a run, a produced edge from a
   * run to a version.
   *
   * @throws InvalidRequestException if the ends do not fit the type
   */
  public LineageEdge {
    InvalidRequestException.requireNonNull(from, "from");
    InvalidRequestException.requireNonNull(to, "to");
    InvalidRequestException.requireNonNull(type, "type");
    boolean fits = type == Type.INPUT_OF
        ? from instanceof LineageNode.VersionNode && to instanceof LineageNode.RunNode
        : from instanceof LineageNode.RunNode && to instanceof LineageNode.VersionNode;
    if (!fits) {
      throw new InvalidRequestException("Cannot make a " + type + " edge from " + from.key() + " to " + to.key()
          + ": INPUT_OF goes from a version to a run and PRODUCED from a run to a version; swap the ends or the type");
    }
  }

  /** What an edge means. */
  public enum Type {
    /** The version was read by the run. */
    INPUT_OF,
    /** The run registered the version. */
    PRODUCED
  }
}
