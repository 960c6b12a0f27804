package dev.pedigree.lineage;

import dev.pedigree.exceptions.InvalidRequestException;

/**
 * Draws a {@link LineageView} in the <a href="https://graphviz.org/doc/info/lang.html">Graphviz
 * DOT language</a>, for {@code dot -Tsvg}.
 *
 * <pre>{@code
 * Files.writeString(Path.of("lineage.dot"), Dot.render(repo.lineage().downstream(data)));
 * // dot -Tsvg lineage.dot > lineage.svg
 * }</pre>
 *
 * <p>Each node's id is its {@link LineageNode#key() key} as a quoted string; versions are
 * boxes, runs ellipses, the root bold. Quotes and backslashes in ids and labels are escaped and
 * line breaks written as {@code \n}, so any name is safe.
 */
public final class Dot {
  private Dot() {
  }

  /**
   * Renders a view as a left-to-right directed graph.
   *
   * @param view the graph
   * @return the DOT text
   */
  public static String render(LineageView view) {
    InvalidRequestException.requireNonNull(view, "view");
    StringBuilder out = new StringBuilder("digraph lineage {\n  rankdir=LR;\n");
    for (LineageNode node : view.nodes()) {
      out.append("  ").append(quote(node.key())).append(" [label=").append(quote(node.label()))
          .append(", shape=").append(node instanceof LineageNode.VersionNode ? "box" : "ellipse");
      if (node.equals(view.root())) {
        out.append(", style=bold");
      }
      out.append("];\n");
    }
    for (LineageEdge edge : view.edges()) {
      out.append("  ").append(quote(edge.from().key())).append(" -> ").append(quote(edge.to().key()))
          .append(" [label=").append(edge.type() == LineageEdge.Type.INPUT_OF ? "\"input\"" : "\"produced\"")
          .append("];\n");
    }
    return out.append("}\n").toString();
  }

  /**
   * Quotes text as a DOT string.
   *
   * @param text the text
   * @return the text in double quotes, with quotes and backslashes escaped
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
