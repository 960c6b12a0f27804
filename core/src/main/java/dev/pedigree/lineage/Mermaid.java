package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.HashMap;
import java.util.Map;

/**
 * Draws a {@link LineageView} as a <a href="https://mermaid.js.org/">Mermaid</a> flowchart,
 * which GitHub, GitLab and most wikis render in Markdown.
 *
 * <pre>{@code
 * String chart = Mermaid.render(repo.lineage().upstream(VersionId.parse("churn-model:7")));
 * Files.writeString(Path.of("lineage.md"), "```mermaid\n" + chart + "```\n");
 * }</pre>
 *
 * <p>Versions are boxes, runs are rounded; the root is drawn bold. Node ids are generated
 * ({@code v0}, {@code r0}, ...) so no name can break the syntax; labels are quoted, with
 * quotes, {@code #}, angle brackets and line breaks replaced by Mermaid entity codes.
 */
public final class Mermaid {
  private Mermaid() {
  }

  /**
   * Renders a view as a left-to-right flowchart.
   *
   * @param view the graph
   * @return the Mermaid text, one statement per line
   */
  public static String render(LineageView view) {
    InvalidRequestException.requireNonNull(view, "view");
    Map<LineageNode, String> ids = new HashMap<>();
    StringBuilder out = new StringBuilder("flowchart LR\n");
    int versions = 0;
    int runs = 0;
    for (LineageNode node : view.nodes()) {
      String id;
      if (node instanceof LineageNode.VersionNode) {
        id = "v" + versions++;
        out.append("  ").append(id).append("[\"").append(escape(node.label())).append("\"]\n");
      } else {
        id = "r" + runs++;
        out.append("  ").append(id).append("([\"").append(escape(node.label())).append("\"])\n");
      }
      ids.put(node, id);
    }
    for (LineageEdge edge : view.edges()) {
      out.append("  ").append(ids.get(edge.from())).append(" -->|")
          .append(edge.type() == LineageEdge.Type.INPUT_OF ? "input" : "produced").append("| ")
          .append(ids.get(edge.to())).append('\n');
    }
    out.append("  classDef root stroke-width:3px\n");
    out.append("  class ").append(ids.get(view.root())).append(" root\n");
    return out.toString();
  }

  /**
   * Escapes text for a quoted Mermaid label.
   *
   * @param text the text
   * @return the text with {@code #}, quotes, angle brackets and line breaks as entity codes
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '#' -> out.append("#35;");
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

}
