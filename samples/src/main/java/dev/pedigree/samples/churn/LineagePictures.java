package dev.pedigree.samples.churn;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.Run;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream lineage of one version — the runs that produced it and everything they read,
 * back to the raw data — drawn as Mermaid and Graphviz DOT.
 *
 * <p>Interim: walks the run records itself until the library's lineage exporters land on main.
 */
final class LineagePictures {
  private final Map<String, String> versions;
  private final Map<String, String> runs;
  private final Set<String[]> edges;

  private LineagePictures(Map<String, String> versions, Map<String, String> runs, Set<String[]> edges) {
    this.versions = versions;
    this.runs = runs;
    this.edges = edges;
  }

  static LineagePictures upstreamOf(Repository repo, VersionId start) {
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, String> runs = new LinkedHashMap<>();
    Set<String[]> edges = new LinkedHashSet<>();
    Deque<VersionId> todo = new ArrayDeque<>();
    todo.add(start);
    while (!todo.isEmpty()) {
      VersionId id = todo.poll();
      if (versions.containsKey(id.toString())) {
        continue;
      }
      ArtifactVersion version = repo.artifacts().version(id);
      versions.put(id.toString(), id + (version.tags().containsKey("week") ? " (week " + version.tags().get("week") + ")" : ""));
      Optional<Run> run = version.producedBy().flatMap(repo.runs()::find);
      if (run.isPresent()) {
        Run r = run.get();
        runs.putIfAbsent(r.id(), r.job() + " · " + r.code());
        edges.add(new String[] {"r" + r.id(), "v" + id});
        for (VersionId input : r.inputs()) {
          edges.add(new String[] {"v" + input, "r" + r.id()});
          todo.add(input);
        }
      }
    }
    return new LineagePictures(versions, runs, edges);
  }

  String mermaid() {
    StringBuilder text = new StringBuilder("flowchart LR\n");
    versions.forEach((id, label) -> text.append("  ").append(node("v" + id)).append("[\"").append(label).append("\"]\n"));
    runs.forEach((id, label) -> text.append("  ").append(node("r" + id)).append("([\"").append(label).append("\"])\n"));
    edges.forEach(e -> text.append("  ").append(node(e[0])).append(" --> ").append(node(e[1])).append('\n'));
    return text.toString();
  }

  String dot() {
    StringBuilder text = new StringBuilder("digraph lineage {\n  rankdir=LR;\n");
    versions.forEach((id, label) -> text.append("  ").append(node("v" + id)).append(" [shape=box, label=\"")
        .append(label).append("\"];\n"));
    runs.forEach((id, label) -> text.append("  ").append(node("r" + id)).append(" [shape=ellipse, label=\"")
        .append(label).append("\"];\n"));
    edges.forEach(e -> text.append("  ").append(node(e[0])).append(" -> ").append(node(e[1])).append(";\n"));
    return text.append("}\n").toString();
  }

  private static String node(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_");
  }
}
