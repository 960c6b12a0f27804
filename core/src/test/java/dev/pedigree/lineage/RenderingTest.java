package dev.pedigree.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RenderingTest {
  private static final String AWKWARD_JOB = "clean \"raw\" <data> #1\nthen \\ split";

  private final LineageNode.VersionNode raw = new LineageNode.VersionNode(VersionId.parse("raw-customers:1"));
  private final LineageNode.VersionNode features = new LineageNode.VersionNode(VersionId.parse("features:2"));
  private final LineageNode.VersionNode model = new LineageNode.VersionNode(VersionId.parse("churn-model:7"));
  private final LineageNode.RunNode prepare = new LineageNode.RunNode("run-\"1\"", AWKWARD_JOB, RunStatus.SUCCEEDED);
  private final LineageNode.RunNode train = new LineageNode.RunNode("run-2", "train", RunStatus.FAILED);
  private final LineageView view = new LineageView(raw, List.of(raw, prepare, features, train, model), List.of(
      new LineageEdge(raw, prepare, LineageEdge.Type.INPUT_OF),
      new LineageEdge(prepare, features, LineageEdge.Type.PRODUCED),
      new LineageEdge(features, train, LineageEdge.Type.INPUT_OF),
      new LineageEdge(train, model, LineageEdge.Type.PRODUCED)));

  @Test
  void mermaidHasEveryNodeAndEdgeWithLabelsThatCannotBreakTheSyntax() {
    String chart = Mermaid.render(view);
    List<String> lines = chart.lines().toList();
    assertThat(lines.get(0)).isEqualTo("flowchart LR");
    assertThat(lines).contains(
        "  v0[\"raw-customers:1\"]",
        "  r0([\"clean #quot;raw#quot; #lt;data#gt; #35;1 then \\ split (succeeded)\"])",
        "  v1[\"features:2\"]",
        "  r1([\"train (failed)\"])",
        "  v2[\"churn-model:7\"]",
        "  v0 -->|input| r0",
        "  r0 -->|produced| v1",
        "  v1 -->|input| r1",
        "  r1 -->|produced| v2",
        "  class v0 root");
    assertThat(lines.stream().filter(l -> l.contains("-->"))).hasSize(4);
    // Every label is one quoted string: no raw quote, bracket or line break inside it.
    Pattern label = Pattern.compile("^  [vr][0-9]+\\(?\\[\"([^\"]*)\"\\]\\)?$");
    assertThat(lines.stream().filter(l -> l.matches("^  [vr][0-9]+[\\[(].*"))).hasSize(5)
        .allSatisfy(l -> assertThat(label.matcher(l).matches()).as(l).isTrue());
  }

  @Test
  void dotHasEveryNodeAndEdgeWithEscapedIdsAndLabels() {
    String dot = Dot.render(view);
    assertThat(dot).startsWith("digraph lineage {\n  rankdir=LR;\n").endsWith("}\n");
    assertThat(dot.lines()).contains(
        "  \"version:raw-customers:1\" [label=\"raw-customers:1\", shape=box, style=bold];",
        "  \"run:run-\\\"1\\\"\" [label=\"clean \\\"raw\\\" <data> #1\\nthen \\\\ split (succeeded)\", shape=ellipse];",
        "  \"run:run-2\" [label=\"train (failed)\", shape=ellipse];",
        "  \"version:raw-customers:1\" -> \"run:run-\\\"1\\\"\" [label=\"input\"];",
        "  \"run:run-\\\"1\\\"\" -> \"version:features:2\" [label=\"produced\"];",
        "  \"version:features:2\" -> \"run:run-2\" [label=\"input\"];",
        "  \"run:run-2\" -> \"version:churn-model:7\" [label=\"produced\"];");
    assertThat(dot.lines().filter(l -> l.contains(" -> "))).hasSize(4);
    assertThat(dot.lines().filter(l -> l.contains("shape="))).hasSize(5);
    // Every quoted string is closed on its line: unescaped quotes come in pairs.
    Matcher unescaped = Pattern.compile("(?<!\\\\)\"").matcher("");
    dot.lines().forEach(l -> assertThat(unescaped.reset(l.replace("\\\\", "")).results().count() % 2).as(l).isZero());
  }
}
