package dev.pedigree.web;

import dev.pedigree.lineage.LineageEdge;
import dev.pedigree.lineage.LineageNode;
import dev.pedigree.lineage.LineageView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Draws a version's lineage as an inline SVG graph: the version in the middle column, what it
 * came from in columns to its left (one column per step back, by longest path) and what it feeds
 * in columns to its right. Within a column nodes are ordered by the mean row of their neighbours
 * nearer the middle, which keeps most edges short and uncrossed. Every label is escaped.
 */
final class LineageSvg {
  private static final int NODE_W = 170;
  private static final int NODE_H = 42;
  private static final int GAP_X = 50;
  private static final int GAP_Y = 22;
  private static final int MARGIN = 16;
  private static final int MAX_LABEL = 24;

  private LineageSvg() {
  }

  /**
   * Renders the union of the upstream and downstream views of one version.
   *
   * @param up the upstream view (edges point towards the root)
   * @param down the downstream view (edges point away from the root)
   * @param href the link of each node
   */
  static String render(LineageView up, LineageView down, Function<LineageNode, String> href) {
    Map<String, LineageNode> nodes = new LinkedHashMap<>();
    Map<String, Integer> layer = new HashMap<>();
    String root = up.root().key();
    nodes.put(root, up.root());
    layer.put(root, 0);
    up.nodes().forEach(n -> nodes.putIfAbsent(n.key(), n));
    down.nodes().forEach(n -> nodes.putIfAbsent(n.key(), n));
    List<LineageEdge> edges = new ArrayList<>();
    edges.addAll(up.edges());
    edges.addAll(down.edges());
    // Longest path from the root: upstream nodes sit left of everything they feed, downstream
    // nodes right of everything that feeds them. A DAG settles within one pass per node.
    for (int pass = 0; pass <= nodes.size(); pass++) {
      boolean changed = false;
      for (LineageEdge e : up.edges()) {
        Integer to = layer.get(e.to().key());
        Integer from = layer.get(e.from().key());
        if (to != null && to <= 0 && (from == null || from > to - 1)) {
          layer.put(e.from().key(), to - 1);
          changed = true;
        }
      }
      for (LineageEdge e : down.edges()) {
        Integer from = layer.get(e.from().key());
        Integer to = layer.get(e.to().key());
        if (from != null && from >= 0 && (to == null || to < from + 1) && !e.to().key().equals(root)) {
          layer.put(e.to().key(), from + 1);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    nodes.keySet().forEach(k -> layer.putIfAbsent(k, 0));
    TreeMap<Integer, List<String>> columns = new TreeMap<>();
    nodes.keySet().stream().sorted(Comparator.comparing((String k) -> nodes.get(k).label()))
        .forEach(k -> columns.computeIfAbsent(layer.get(k), x -> new ArrayList<>()).add(k));
    Map<String, Integer> row = new HashMap<>();
    orderOutwards(columns.headMap(0, true).descendingMap(), edges, row);
    orderOutwards(columns.tailMap(0, false), edges, row);

    int tallest = columns.values().stream().mapToInt(List::size).max().orElse(1);
    int width = MARGIN * 2 + columns.size() * NODE_W + (columns.size() - 1) * GAP_X;
    int height = MARGIN * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
    Map<String, int[]> position = new HashMap<>();
    int column = 0;
    for (List<String> keys : columns.values()) {
      int x = MARGIN + column * (NODE_W + GAP_X);
      int offset = (tallest - keys.size()) * (NODE_H + GAP_Y) / 2;
      for (int i = 0; i < keys.size(); i++) {
        position.put(keys.get(i), new int[] {x, MARGIN + offset + i * (NODE_H + GAP_Y)});
      }
      column++;
    }

    Html svg = new Html();
    svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage-graph\" id=\"lineage-graph\" role=\"img\"")
        .attr("width", width).attr("height", height).attr("viewBox", "0 0 " + width + " " + height).raw(">");
    svg.raw("<title>").text("Lineage of " + up.root().label()).raw("</title>");
    svg.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
        + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrow-head\"/></marker></defs>");
    java.util.Set<String> drawn = new java.util.HashSet<>();
    for (LineageEdge e : edges) {
      int[] a = position.get(e.from().key());
      int[] b = position.get(e.to().key());
      if (a == null || b == null || !drawn.add(e.from().key() + "->" + e.to().key())) {
        continue;
      }
      int x1 = a[0] + NODE_W;
      int y1 = a[1] + NODE_H / 2;
      int x2 = b[0];
      int y2 = b[1] + NODE_H / 2;
      int bend = Math.max(30, Math.abs(x2 - x1) / 2);
      svg.raw("<path").attr("class", "edge " + e.type().name().toLowerCase(java.util.Locale.ROOT))
          .attr("d", "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + "," + y2)
          .raw(" marker-end=\"url(#arrow)\"/>");
    }
    for (Map.Entry<String, LineageNode> entry : nodes.entrySet()) {
      int[] p = position.get(entry.getKey());
      LineageNode node = entry.getValue();
      String cls = node instanceof LineageNode.RunNode r
          ? "node run status-" + r.status().name().toLowerCase(java.util.Locale.ROOT)
          : entry.getKey().equals(root) ? "node version root" : "node version";
      svg.raw("<a").attr("href", href.apply(node)).raw("><g").attr("class", cls).attr("data-key", node.key()).raw(">");
      svg.raw("<title>").text(node.label()).raw("</title>");
      svg.raw("<rect").attr("x", p[0]).attr("y", p[1]).attr("width", NODE_W).attr("height", NODE_H)
          .attr("rx", node instanceof LineageNode.RunNode ? 21 : 6).raw("/>");
      String kind = node instanceof LineageNode.RunNode ? "run" : "version";
      svg.raw("<text class=\"node-kind\"").attr("x", p[0] + 10).attr("y", p[1] + 15).raw(">").text(kind).raw("</text>");
      svg.raw("<text class=\"node-label\"").attr("x", p[0] + 10).attr("y", p[1] + 32).raw(">")
          .text(shorten(node.label())).raw("</text>");
      svg.raw("</g></a>");
    }
    return svg.raw("</svg>").toString();
  }

  /** Orders each column by the mean row of its already placed neighbours, moving away from the root. */
  private static void orderOutwards(Map<Integer, List<String>> columns, List<LineageEdge> edges, Map<String, Integer> row) {
    for (List<String> keys : columns.values()) {
      Map<String, Double> weight = new HashMap<>();
      for (String key : keys) {
        double sum = 0;
        int count = 0;
        for (LineageEdge e : edges) {
          String other = e.from().key().equals(key) ? e.to().key() : e.to().key().equals(key) ? e.from().key() : null;
          if (other != null && row.containsKey(other)) {
            sum += row.get(other);
            count++;
          }
        }
        weight.put(key, count == 0 ? Double.MAX_VALUE : sum / count);
      }
      keys.sort(Comparator.comparing(weight::get));
      for (int i = 0; i < keys.size(); i++) {
        row.put(keys.get(i), i);
      }
    }
  }

  static String shorten(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
  }
}
