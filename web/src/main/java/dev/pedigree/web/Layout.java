package dev.pedigree.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The page shell shared by every page: head, top navigation, breadcrumbs and the page's data block. */
final class Layout {
  private final String title;
  private final WriteGuard guard;

  Layout(String title, WriteGuard guard) {
    this.title = title;
    this.guard = guard;
  }

  /**
   * Wraps a page body.
   *
   * @param r the request, for links under the mount point
   * @param heading the page's heading (escaped)
   * @param crumbs breadcrumb labels to links, in order; the heading follows them
   * @param body the body markup, already escaped
   * @param data the page's data block, written as escaped JSON; may be null
   */
  String page(Request r, String heading, Map<String, String> crumbs, String body, ObjectNode data) {
    Html h = new Html();
    h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>").text(heading + " \u00b7 " + title).raw("</title>")
        .raw("<link rel=\"stylesheet\"").attr("href", r.link("/assets/pedigree.css")).raw(">")
        .raw("<script defer").attr("src", r.link("/assets/pedigree.js")).raw("></script></head><body>");
    h.raw("<header class=\"top\"><a class=\"brand\"").attr("href", r.link("/")).raw(">")
        .raw("<span class=\"logo\" aria-hidden=\"true\"></span>").text(title).raw("</a><nav>");
    navLink(h, r, "/", "Artifacts", "artifacts");
    navLink(h, r, "/verdicts", "Verdicts", "verdicts");
    navLink(h, r, "/audit", "Audit log", "audit");
    navLink(h, r, "/integrity", "Integrity", "integrity");
    h.raw("</nav>");
    if (guard.enabled()) {
      h.raw("<span class=\"mode writable\">writes enabled</span>");
    } else {
      h.raw("<span class=\"mode\">read-only</span>");
    }
    h.raw("</header><main>");
    if (!crumbs.isEmpty()) {
      h.raw("<nav class=\"crumbs\">");
      crumbs.forEach((label, href) -> h.link(href, label).raw("<span class=\"sep\">/</span>"));
      h.raw("</nav>");
    }
    h.raw("<h1>").text(heading).raw("</h1>").raw(body).raw("</main>");
    ObjectNode pageData = data == null ? JsonViews.object() : data;
    pageData.put("base", r.base());
    if (guard.enabled()) {
      pageData.put("csrfHeader", WriteGuard.TOKEN_HEADER);
      pageData.put("csrfToken", guard.token());
    }
    h.raw("<script type=\"application/json\" id=\"pedigree-page\">").raw(JsonViews.forScriptBlock(pageData))
        .raw("</script></body></html>\n");
    return h.toString();
  }

  private static void navLink(Html h, Request r, String path, String label, String section) {
    String current = r.segment(0) == null ? "artifacts" : r.segment(0);
    boolean active = current.equals(section) || (section.equals("artifacts") && (current.equals("versions") || current.equals("runs")));
    h.raw("<a").attr("href", r.link(path)).attr("class", active ? "active" : "").raw(">").text(label).raw("</a>");
  }

  /** A status word as a coloured badge. */
  static void badge(Html h, String word) {
    h.raw("<span").attr("class", "badge badge-" + word.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "-"))
        .raw(">").text(word.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).raw("</span>");
  }

  /** A two-column table of a map, or a note when it is empty. */
  static void keyValues(Html h, Map<String, String> values, String empty) {
    if (values.isEmpty()) {
      h.raw("<p class=\"muted\">").text(empty).raw("</p>");
      return;
    }
    h.raw("<table class=\"kv\"><tbody>");
    new java.util.TreeMap<>(values).forEach((k, v) -> h.raw("<tr><th>").text(k).raw("</th><td>").text(v).raw("</td></tr>"));
    h.raw("</tbody></table>");
  }

  /** A byte count for people. */
  static String bytes(long size) {
    if (size < 1024) {
      return size + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = size;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** An instant shortened to the second, in UTC. */
  static String time(java.time.Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
  }
}
