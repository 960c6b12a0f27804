package dev.pedigree.web;

import dev.pedigree.artifacts.ArtifactVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Draws one metric across an artifact's versions as an inline SVG line chart: version numbers
 * along the bottom, the metric's range up the side, one linked point per version that has the
 * metric, and a dashed marker for each alias at the version it holds.
 */
final class MetricChartSvg {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 24;
  private static final int TOP = 20;
  private static final int BOTTOM = 40;

  private MetricChartSvg() {
  }

  static String render(String metric, List<ArtifactVersion> versions, Map<String, Integer> aliases,
      IntFunction<String> href) {
    List<ArtifactVersion> points = new ArrayList<>(versions.stream().filter(v -> v.metrics().containsKey(metric)).toList());
    points.sort(Comparator.comparingInt(ArtifactVersion::number));
    Html svg = new Html();
    svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"metric-chart\" id=\"metric-chart\" role=\"img\"")
        .attr("width", WIDTH).attr("height", HEIGHT).attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT).raw(">");
    svg.raw("<title>").text(metric + " across versions").raw("</title>");
    if (points.isEmpty()) {
      svg.raw("<text class=\"empty\" x=\"" + WIDTH / 2 + "\" y=\"" + HEIGHT / 2 + "\" text-anchor=\"middle\">")
          .text("No version has the metric " + metric).raw("</text>");
      return svg.raw("</svg>").toString();
    }
    int minX = points.get(0).number();
    int maxX = points.get(points.size() - 1).number();
    double minY = points.stream().mapToDouble(v -> v.metrics().get(metric)).min().orElse(0);
    double maxY = points.stream().mapToDouble(v -> v.metrics().get(metric)).max().orElse(1);
    if (maxY - minY < 1e-12) {
      double pad = Math.abs(maxY) > 1e-12 ? Math.abs(maxY) * 0.05 : 1;
      minY -= pad;
      maxY += pad;
    } else {
      double pad = (maxY - minY) * 0.08;
      minY -= pad;
      maxY += pad;
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double spanX = Math.max(1, maxX - minX);
    double lowY = minY;
    double spanY = maxY - minY;
    java.util.function.IntToDoubleFunction x = n -> LEFT + (maxX == minX ? plotW / 2 : (n - minX) / spanX * plotW);
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - (v - lowY) / spanY * plotH;

    svg.raw("<rect class=\"plot\"").attr("x", LEFT).attr("y", TOP).attr("width", (int) plotW).attr("height", (int) plotH)
        .raw("/>");
    for (int i = 0; i <= 4; i++) {
      double value = minY + spanY * i / 4;
      double py = y.applyAsDouble(value);
      svg.raw("<line class=\"grid\"").attr("x1", LEFT).attr("x2", LEFT + (int) plotW).attr("y1", fmt(py)).attr("y2", fmt(py))
          .raw("/>");
      svg.raw("<text class=\"tick\" text-anchor=\"end\"").attr("x", LEFT - 6).attr("y", fmt(py + 4)).raw(">")
          .text(tick(value, spanY)).raw("</text>");
    }
    int step = Math.max(1, (int) Math.ceil((maxX - minX + 1) / 12.0));
    for (int n = minX; n <= maxX; n += step) {
      svg.raw("<text class=\"tick\" text-anchor=\"middle\"").attr("x", fmt(x.applyAsDouble(n)))
          .attr("y", HEIGHT - BOTTOM + 16).raw(">").text(n).raw("</text>");
    }
    svg.raw("<text class=\"axis-label\" text-anchor=\"middle\"").attr("x", LEFT + (int) plotW / 2)
        .attr("y", HEIGHT - 6).raw(">").text("version").raw("</text>");
    // Aliases on one version share one marker and one label: drawn apart, their names overlap.
    Map<Integer, List<String>> byVersion = new TreeMap<>();
    new TreeMap<>(aliases).forEach((alias, n) -> byVersion.computeIfAbsent(n, k -> new ArrayList<>()).add(alias));
    for (Map.Entry<Integer, List<String>> held : byVersion.entrySet()) {
      int n = held.getKey();
      if (n < minX || n > maxX) {
        continue;
      }
      double px = x.applyAsDouble(n);
      svg.raw("<line class=\"alias-marker\"").attr("x1", fmt(px)).attr("x2", fmt(px)).attr("y1", TOP)
          .attr("y2", TOP + (int) plotH).raw("/>");
      svg.raw("<text class=\"alias-label\" text-anchor=\"middle\"").attr("x", fmt(px)).attr("y", TOP - 6).raw(">")
          .text(String.join(", ", held.getValue())).raw("</text>");
    }
    StringBuilder line = new StringBuilder();
    for (ArtifactVersion v : points) {
      line.append(line.length() == 0 ? "" : " ").append(fmt(x.applyAsDouble(v.number()))).append(',')
          .append(fmt(y.applyAsDouble(v.metrics().get(metric))));
    }
    svg.raw("<polyline class=\"series\"").attr("points", line).raw("/>");
    for (ArtifactVersion v : points) {
      double value = v.metrics().get(metric);
      svg.raw("<a").attr("href", href.apply(v.number())).raw("><circle class=\"point\"")
          .attr("cx", fmt(x.applyAsDouble(v.number()))).attr("cy", fmt(y.applyAsDouble(value))).attr("r", 5)
          .raw("><title>").text(v.id() + ": " + metric + " = " + label(value)).raw("</title></circle></a>");
    }
    return svg.raw("</svg>").toString();
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A tick label with as many decimals as the chart's range needs. */
  private static String tick(double value, double span) {
    int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(span / 4)) + 1));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String label(double value) {
    if (value != 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) {
      return String.format(Locale.ROOT, "%.3g", value);
    }
    String text = String.format(Locale.ROOT, "%.4f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
