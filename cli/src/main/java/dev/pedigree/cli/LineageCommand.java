package dev.pedigree.cli;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.lineage.Dot;
import dev.pedigree.lineage.LineageEdge;
import dev.pedigree.lineage.LineageGraph;
import dev.pedigree.lineage.LineageNode;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Mermaid;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree lineage REF --up|--down}: where a version came from, or what was made from it. */
@Command(name = "lineage", description = "Show where a version came from (--up) or what was derived from it (--down).")
final class LineageCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "REF", description = "name@alias, name:number or name (the latest).")
  String reference;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Direction direction;

  @Option(names = "--depth", paramLabel = "N", description = "How many runs to go (default: as far as the graph goes).")
  Integer depth;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, mermaid, dot or json (default: ${DEFAULT-VALUE}; --json is the same as --format json).")
  Format format;

  /** Which way to walk. */
  static final class Direction {
    @Option(names = "--up", required = true, description = "Provenance: the runs and inputs it was derived from.")
    boolean up;

    @Option(names = "--down", required = true, description = "Impact: the runs that read it and what they made.")
    boolean down;
  }

  /** The output formats. */
  enum Format { text, mermaid, dot, json }

  /** A node of {@code lineage --json}: {@code type} is {@code version} or {@code run}. */
  record Node(String key, String type, String id, String job, String status) {
  }

  /** An edge of {@code lineage --json}: {@code INPUT_OF} (version to run) or {@code PRODUCED} (run to version). */
  record Edge(String from, String to, String type) {
  }

  /** The output of {@code lineage --json}. */
  record Graph(String root, String direction, Integer depth, List<Node> nodes, List<Edge> edges) {
  }

  @Override
  int run(Repository repo) {
    if (depth != null && depth < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot walk the lineage: --depth must be 0 or more, was " + depth);
    }
    ArtifactVersion version = repo.artifacts().resolve(reference);
    int steps = depth == null ? LineageGraph.UNLIMITED : depth;
    LineageView view = direction.up ? repo.lineage().upstream(version.id(), steps)
        : repo.lineage().downstream(version.id(), steps);
    Format chosen = json() ? Format.json : format;
    PrintWriter out = out();
    switch (chosen) {
      case mermaid -> out.println(Mermaid.render(view).stripTrailing());
      case dot -> out.println(Dot.render(view).stripTrailing());
      case json -> {
        printJson(toGraph(view));
        return ExitCodes.OK;
      }
      default -> printTree(out, view);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private Graph toGraph(LineageView view) {
    List<Node> nodes = new ArrayList<>();
    for (LineageNode node : view.nodes()) {
      if (node instanceof LineageNode.RunNode run) {
        nodes.add(new Node(node.key(), "run", run.id(), run.job(), run.status().name()));
      } else {
        nodes.add(new Node(node.key(), "version", ((LineageNode.VersionNode) node).id().toString(), null, null));
      }
    }
    List<Edge> edges = view.edges().stream().map(e -> new Edge(e.from().key(), e.to().key(), e.type().name())).toList();
    return new Graph(view.root().id().toString(), direction.up ? "up" : "down", depth, nodes, edges);
  }

  private void printTree(PrintWriter out, LineageView view) {
    out.println(view.root().label());
    walk(out, view, view.root(), "", new HashSet<>());
    if (view.edges().isEmpty()) {
      out.println(direction.up ? "  (registered directly: no recorded run produced it)" : "  (no recorded run has read it)");
    }
  }

  private void walk(PrintWriter out, LineageView view, LineageNode node, String indent, Set<String> seen) {
    seen.add(node.key());
    List<LineageNode> next = new ArrayList<>();
    for (LineageEdge edge : view.edges()) {
      if (direction.up && edge.to().equals(node)) {
        next.add(edge.from());
      } else if (!direction.up && edge.from().equals(node)) {
        next.add(edge.to());
      }
    }
    for (int i = 0; i < next.size(); i++) {
      LineageNode child = next.get(i);
      boolean last = i == next.size() - 1;
      boolean repeated = seen.contains(child.key());
      out.println(indent + (last ? "`-- " : "|-- ") + describe(child) + (repeated ? " (shown above)" : ""));
      if (!repeated) {
        walk(out, view, child, indent + (last ? "    " : "|   "), seen);
      }
    }
  }

  private String describe(LineageNode node) {
    if (node instanceof LineageNode.RunNode run) {
      return (direction.up ? "produced by " : "read by ") + run.job() + " (" + run.status().name().toLowerCase(Locale.ROOT)
          + ") run " + run.id();
    }
    return node.label();
  }
}
