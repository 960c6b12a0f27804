package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.artifacts.VersionId;
import dev.pedigree.lineage.LineageEdge;
import dev.pedigree.lineage.LineageNode;
import dev.pedigree.lineage.LineageNode.RunNode;
import dev.pedigree.lineage.LineageNode.VersionNode;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.RunStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineageSvgTest {
  private static VersionNode v(String id) {
    return new VersionNode(VersionId.parse(id));
  }

  private static RunNode run(String id) {
    return new RunNode(id, id, RunStatus.SUCCEEDED);
  }

  /** The x of each node's box, by key, read from the drawn SVG. */
  private static Map<String, Integer> columns(String svg) {
    Map<String, Integer> x = new HashMap<>();
    Matcher m = Pattern.compile("data-key=\"([^\"]+)\"><title>[^<]*</title><rect x=\"(\\d+)\"").matcher(svg);
    while (m.find()) {
      x.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return x;
  }

  @Test
  void upstreamSitsLeftByLongestPathAndDownstreamRight() {
    VersionNode raw = v("raw:1");
    VersionNode features = v("features:1");
    VersionNode model = v("model:1");
    VersionNode report = v("report:1");
    RunNode prep = run("prep");
    RunNode train = run("train");
    RunNode eval = run("eval");
    // raw feeds train directly as well as through prep: it must still sit left of prep.
    LineageView up = new LineageView(model, List.of(model, train, features, raw, prep), List.of(
        new LineageEdge(train, model, LineageEdge.Type.PRODUCED),
        new LineageEdge(features, train, LineageEdge.Type.INPUT_OF),
        new LineageEdge(raw, train, LineageEdge.Type.INPUT_OF),
        new LineageEdge(prep, features, LineageEdge.Type.PRODUCED),
        new LineageEdge(raw, prep, LineageEdge.Type.INPUT_OF)));
    LineageView down = new LineageView(model, List.of(model, eval, report), List.of(
        new LineageEdge(model, eval, LineageEdge.Type.INPUT_OF),
        new LineageEdge(eval, report, LineageEdge.Type.PRODUCED)));

    String svg = LineageSvg.render(up, down, node -> "/n/" + node.key());
    Map<String, Integer> x = columns(svg);

    assertThat(x).hasSize(7);
    assertThat(x.get(raw.key())).isLessThan(x.get(prep.key()));
    assertThat(x.get(prep.key())).isLessThan(x.get(features.key()));
    assertThat(x.get(features.key())).isLessThan(x.get(train.key()));
    assertThat(x.get(train.key())).isLessThan(x.get(model.key()));
    assertThat(x.get(model.key())).isLessThan(x.get(eval.key()));
    assertThat(x.get(eval.key())).isLessThan(x.get(report.key()));
    assertThat(svg).contains("class=\"node version root\"", "href=\"/n/run:eval\"");
    assertThat(svg.split("class=\"edge ", -1)).hasSize(8);
  }

  @Test
  void aVersionWithNoLineageIsOneNode() {
    VersionNode alone = v("alone:1");
    String svg = LineageSvg.render(new LineageView(alone, List.of(alone), List.of()),
        new LineageView(alone, List.of(alone), List.of()), node -> "#");
    assertThat(columns(svg)).containsOnlyKeys(alone.key());
    assertThat(svg).doesNotContain("class=\"edge ");
  }

  @Test
  void longLabelsAreShortenedOnTheBoxAndWholeInTheTooltip() {
    VersionNode root = v("a-very-long-artifact-name-for-a-model:12");
    String svg = LineageSvg.render(new LineageView(root, List.of(root), List.of()),
        new LineageView(root, List.of(root), List.of()), node -> "#");
    assertThat(svg).contains("<title>a-very-long-artifact-name-for-a-model:12</title>", ">a-very-long-artifact-na\u2026<");
  }
}
