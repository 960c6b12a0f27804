package dev.pedigree.lineage;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable lineage graph answered by a query: the version it started from (the root),
 * the versions and runs reached, and the edges between them, each pointing the way data flows.
 * {@link Mermaid} and {@link Dot} draw it.
 *
 * <pre>{@code
 * LineageView impact = repo.lineage().downstream(VersionId.parse("raw-customers:3"));
 * impact.versions().stream().filter(v -> v.artifact().equals("churn-model")).forEach(System.out::println);
 * }</pre>
 *
 * @param root the version the query started from
 * @param nodes every node, the root first, then in the order the query reached them
 * @param edges every edge between the nodes
 */
public record LineageView(LineageNode.VersionNode root, List<LineageNode> nodes, List<LineageEdge> edges) {
  /**
   * Validates the graph: the root is a node, no node appears twice, and every edge joins two
   * of the nodes.
   *
   * @throws InvalidRequestException if it does not hold together
   */
  public LineageView {
    InvalidRequestException.requireNonNull(root, "root");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    Set<LineageNode> known = new HashSet<>(nodes);
    if (known.size() != nodes.size()) {
      throw new InvalidRequestException("Cannot build a lineage view: a node appears twice; list each node once");
    }
    if (!known.contains(root)) {
      throw new InvalidRequestException("Cannot build a lineage view: the root " + root.key()
          + " is not among its nodes; add it");
    }
    for (LineageEdge edge : edges) {
      if (!known.contains(edge.from()) || !known.contains(edge.to())) {
        throw new InvalidRequestException("Cannot build a lineage view: edge " + edge.from().key() + " -> "
            + edge.to().key() + " joins a node that is not in the view; add the node or drop the edge");
      }
    }
  }

  /**
   * Returns the versions in the view, the root first.
   *
   * @return version ids
   */
  public List<VersionId> versions() {
    return nodes.stream().filter(n -> n instanceof LineageNode.VersionNode)
        .map(n -> ((LineageNode.VersionNode) n).id()).toList();
  }

  /**
   * Returns the runs in the view.
   *
   * @return run nodes
   */
  public List<LineageNode.RunNode> runs() {
    return nodes.stream().filter(n -> n instanceof LineageNode.RunNode).map(n -> (LineageNode.RunNode) n).toList();
  }

  /**
   * Returns whether the view holds a version.
   *
   * @param version the version
   * @return {@code true} if it is a node of the view
   */
  public boolean contains(VersionId version) {
    return nodes.contains(new LineageNode.VersionNode(version));
  }
}
