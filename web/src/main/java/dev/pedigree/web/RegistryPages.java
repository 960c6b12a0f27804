package dev.pedigree.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionQuery;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.objects.ManifestEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The artifacts page, an artifact's versions with its metric chart, its alias timelines, and one version. */
final class RegistryPages {
  private final StoreReads reads;
  private final Repository repository;
  private final Layout layout;
  private final WriteGuard guard;

  RegistryPages(StoreReads reads, Layout layout, WriteGuard guard) {
    this.reads = reads;
    this.repository = reads.repository();
    this.layout = layout;
    this.guard = guard;
  }

  static String artifactHref(Request r, String artifact) {
    return r.link("/artifacts/" + Html.enc(artifact));
  }

  static String versionHref(Request r, String artifact, int number) {
    return r.link("/versions/" + Html.enc(artifact) + "/" + number);
  }

  Response artifacts(Request r) {
    List<StoreReads.Summary> all = reads.artifacts();
    Html h = new Html();
    if (all.isEmpty()) {
      h.raw("<p class=\"muted\">This repository holds no artifact yet.</p>");
    } else {
      h.raw("<table class=\"data sortable\" id=\"artifacts\"><thead><tr>")
          .raw("<th data-sort=\"text\">Name</th><th data-sort=\"text\">Kind</th><th data-sort=\"num\">Latest</th>")
          .raw("<th>Aliases</th></tr></thead><tbody>");
      for (StoreReads.Summary s : all) {
        String name = s.info().name();
        h.raw("<tr><td").attr("data-value", name).raw(">").link(artifactHref(r, name), name).raw("</td><td>");
        Layout.badge(h, s.info().kind().name());
        h.raw("</td><td").attr("data-value", s.latest().map(ArtifactVersion::number).orElse(0)).raw(">");
        if (s.latest().isPresent()) {
          h.link(versionHref(r, name, s.latest().get().number()), "v" + s.latest().get().number());
        } else {
          h.raw("<span class=\"muted\">none</span>");
        }
        h.raw("</td><td>");
        aliasChips(h, r, name, s.aliases());
        h.raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    return Response.html(200, layout.page(r, "Artifacts", Map.of(), h.toString(), null));
  }

  private static void aliasChips(Html h, Request r, String artifact, Map<String, Integer> aliases) {
    for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
      h.raw("<a class=\"chip\"").attr("href", versionHref(r, artifact, alias.getValue())).raw(">")
          .text(alias.getKey()).raw(" <b>").text("v" + alias.getValue()).raw("</b></a> ");
    }
  }

  Response artifact(Request r, String name) {
    StoreReads.Summary summary = reads.summary(name);
    List<ArtifactVersion> versions = reads.versions(name, VersionQuery.all());
    TreeSet<String> metrics = new TreeSet<>();
    TreeSet<String> tags = new TreeSet<>();
    versions.forEach(v -> {
      metrics.addAll(v.metrics().keySet());
      tags.addAll(v.tags().keySet());
    });
    Html h = new Html();
    h.raw("<p class=\"lead\">");
    Layout.badge(h, summary.info().kind().name());
    h.text(" " + versions.size() + (versions.size() == 1 ? " version" : " versions") + " ");
    aliasChips(h, r, name, summary.aliases());
    h.raw(" ").link(r.link("/artifacts/" + Html.enc(name) + "/aliases"), "Alias timelines \u2192")
        .raw(" ").link(r.link("/verdicts?artifact=" + Html.enc(name)), "Verdicts \u2192")
        .raw(" ").link(r.link("/audit?artifact=" + Html.enc(name)), "Audit \u2192").raw("</p>");
    if (!metrics.isEmpty()) {
      String metric = r.param("metric").filter(metrics::contains).orElse(metrics.first());
      h.raw("<section class=\"card\"><div class=\"card-head\"><h2>").text(metric).raw(" across versions</h2>")
          .raw("<form method=\"get\" class=\"inline\" id=\"metric-form\"><label>Metric <select name=\"metric\" id=\"metric-select\">");
      for (String m : metrics) {
        h.raw("<option").attr("value", m).raw(m.equals(metric) ? " selected" : "").raw(">").text(m).raw("</option>");
      }
      h.raw("</select></label> <button type=\"submit\">Show</button></form></div>");
      h.raw(MetricChartSvg.render(metric, versions, summary.aliases(), n -> versionHref(r, name, n)));
      h.raw("</section>");
    }
    h.raw("<section class=\"card\"><h2>Versions</h2>");
    if (versions.isEmpty()) {
      h.raw("<p class=\"muted\">No version is registered.</p>");
    } else {
      Map<Integer, List<String>> heldBy = new TreeMap<>();
      summary.aliases().forEach((alias, n) -> heldBy.computeIfAbsent(n, k -> new java.util.ArrayList<>()).add(alias));
      h.raw("<div class=\"scroll\"><table class=\"data sortable\" id=\"versions\"><thead><tr>")
          .raw("<th data-sort=\"num\">Version</th><th data-sort=\"text\">Created</th><th data-sort=\"text\">By</th>")
          .raw("<th data-sort=\"num\">Size</th>");
      for (String m : metrics) {
        h.raw("<th data-sort=\"num\" class=\"metric\">").text(m).raw("</th>");
      }
      for (String t : tags) {
        h.raw("<th data-sort=\"text\" class=\"tag\">").text(t).raw("</th>");
      }
      h.raw("<th>Description</th></tr></thead><tbody>");
      for (ArtifactVersion v : versions) {
        h.raw("<tr><td").attr("data-value", v.number()).raw(">").link(versionHref(r, name, v.number()), "v" + v.number());
        for (String alias : heldBy.getOrDefault(v.number(), List.of())) {
          h.raw(" <span class=\"chip small\">").text(alias).raw("</span>");
        }
        h.raw("</td><td").attr("data-value", v.createdAt()).raw(">").text(Layout.time(v.createdAt())).raw("</td><td>")
            .text(v.createdBy()).raw("</td><td").attr("data-value", v.size()).raw(">").text(Layout.bytes(v.size()))
            .raw("</td>");
        for (String m : metrics) {
          Double value = v.metrics().get(m);
          h.raw("<td class=\"num\"").attr("data-value", value == null ? "" : value).raw(">")
              .text(value == null ? "\u2013" : MetricChartSvg.label(value)).raw("</td>");
        }
        for (String t : tags) {
          h.raw("<td>").text(v.tags().getOrDefault(t, "")).raw("</td>");
        }
        h.raw("<td class=\"description\">").text(v.description()).raw("</td></tr>");
      }
      h.raw("</tbody></table></div>");
    }
    h.raw("</section>");
    Map<String, String> crumbs = new LinkedHashMap<>();
    crumbs.put("Artifacts", r.link("/"));
    ObjectNode data = JsonViews.object().put("artifact", name);
    return Response.html(200, layout.page(r, name, crumbs, h.toString(), data));
  }

  Response aliases(Request r, String name) {
    StoreReads.Summary summary = reads.summary(name);
    Html h = new Html();
    if (summary.aliases().isEmpty()) {
      h.raw("<p class=\"muted\">No alias was ever set on this artifact.</p>");
    }
    for (Map.Entry<String, Integer> alias : summary.aliases().entrySet()) {
      List<AliasChange> history = repository.artifacts().aliasHistory(name, alias.getKey());
      h.raw("<section class=\"card alias\"").attr("id", "alias-" + alias.getKey()).raw("><div class=\"card-head\"><h2>")
          .text(alias.getKey()).raw(" \u2192 ").link(versionHref(r, name, alias.getValue()), "v" + alias.getValue())
          .raw("</h2><span class=\"muted\">").text(history.size() + (history.size() == 1 ? " change" : " changes"))
          .raw("</span></div><ol class=\"timeline\">");
      for (AliasChange c : history) {
        String kind = c.kind().name();
        h.raw("<li").attr("class", "event kind-" + kind.toLowerCase(java.util.Locale.ROOT)).raw(">")
            .raw("<span class=\"dot\" aria-hidden=\"true\"></span><div class=\"event-body\"><div class=\"event-head\">");
        Layout.badge(h, kind);
        h.raw(" <span class=\"move\">");
        h.text(c.from().isPresent() ? "v" + c.from().getAsInt() : "\u2013").raw(" \u2192 ");
        if (c.to().isPresent()) {
          h.link(versionHref(r, name, c.to().getAsInt()), "v" + c.to().getAsInt());
        } else {
          h.text("removed");
        }
        h.raw("</span> <time>").text(Layout.time(c.time())).raw("</time></div><div class=\"who\">by <b>").text(c.actor())
            .raw("</b></div><blockquote class=\"reason\">").text(c.reason()).raw("</blockquote></div></li>");
      }
      h.raw("</ol>");
      if (guard.enabled()) {
        String url = r.link("/api/artifacts/" + Html.enc(name) + "/aliases/" + Html.enc(alias.getKey()));
        h.raw("<div class=\"writes\"><form class=\"alias-write\" data-action=\"move\"").attr("data-url", url).raw(">")
            .raw("<label>Move to version <input name=\"version\" type=\"number\" min=\"1\" required></label>")
            .raw("<label>Reason <input name=\"reason\" required></label><button type=\"submit\">Move</button></form>")
            .raw("<form class=\"alias-write\" data-action=\"rollback\"").attr("data-url", url + "/rollback").raw(">")
            .raw("<label>Reason <input name=\"reason\" required></label><button type=\"submit\" class=\"danger\">")
            .raw("Roll back</button></form><p class=\"write-result\" role=\"status\"></p></div>");
      }
      h.raw("</section>");
    }
    Map<String, String> crumbs = new LinkedHashMap<>();
    crumbs.put("Artifacts", r.link("/"));
    crumbs.put(name, artifactHref(r, name));
    return Response.html(200, layout.page(r, "Aliases of " + name, crumbs, h.toString(),
        JsonViews.object().put("artifact", name)));
  }

  Response version(Request r, String name, String number) {
    ArtifactVersion v = reads.version(name, number);
    Html h = new Html();
    h.raw("<p class=\"lead\">");
    Layout.badge(h, v.kind().name());
    h.raw(" ").link(r.link("/versions/" + Html.enc(name) + "/" + v.number() + "/lineage"), "Lineage \u2192")
        .raw(" <button type=\"button\" id=\"copy-json\" class=\"secondary\">Copy as JSON</button></p>");
    h.raw("<div class=\"grid\"><section class=\"card\"><h2>Summary</h2><table class=\"kv\"><tbody>");
    row(h, "Description", v.description().isEmpty() ? "\u2013" : v.description());
    row(h, "Layout", v.layout().name().toLowerCase(java.util.Locale.ROOT));
    row(h, "Size", Layout.bytes(v.size()) + " (" + v.size() + " bytes)");
    row(h, "Content", v.content().toString());
    row(h, "Created", Layout.time(v.createdAt()));
    row(h, "Created by", v.createdBy());
    h.raw("<tr><th>Produced by</th><td>");
    if (v.producedBy().isPresent()) {
      String runId = v.producedBy().get();
      String label = repository.runs().find(runId).map(run -> "run of " + run.job() + " (" + run.code() + ")").orElse(runId);
      h.link(r.link("/runs/" + Html.enc(runId)), label);
    } else {
      h.raw("<span class=\"muted\">registered directly</span>");
    }
    h.raw("</td></tr></tbody></table></section>");
    h.raw("<section class=\"card\"><h2>Metrics</h2>");
    Map<String, String> metrics = new TreeMap<>();
    v.metrics().forEach((k, value) -> metrics.put(k, MetricChartSvg.label(value)));
    Layout.keyValues(h, metrics, "No metrics.");
    h.raw("<h2>Params</h2>");
    Layout.keyValues(h, v.params(), "No params.");
    h.raw("<h2>Tags</h2>");
    Layout.keyValues(h, v.tags(), "No tags.");
    h.raw("</section></div>");

    h.raw("<section class=\"card\"><h2>Files</h2>");
    if (v.layout() == ContentLayout.DIRECTORY) {
      List<ManifestEntry> files = repository.artifacts().manifest(v).entries();
      h.raw("<div class=\"scroll\"><table class=\"data sortable\" id=\"files\"><thead><tr><th data-sort=\"text\">Path</th>")
          .raw("<th data-sort=\"num\">Size</th><th>Digest</th></tr></thead><tbody>");
      int shown = 0;
      for (ManifestEntry e : files) {
        if (shown++ == 2000) {
          break;
        }
        h.raw("<tr><td class=\"mono\">").text(e.path() + (e.executable() ? " *" : "")).raw("</td><td")
            .attr("data-value", e.size()).raw(">").text(Layout.bytes(e.size())).raw("</td><td class=\"mono muted\">")
            .text(e.digest().shortHex()).raw("</td></tr>");
      }
      h.raw("</tbody></table></div>");
      if (files.size() > 2000) {
        h.raw("<p class=\"muted\">").text("Showing 2000 of " + files.size() + " files; the API lists them all.")
            .raw("</p>");
      }
    } else {
      h.raw("<p class=\"muted\">").text("A single file of " + Layout.bytes(v.size()) + ".").raw("</p>");
    }
    h.raw("</section>");

    List<StoreReads.RecordedVerdict> verdicts = reads.verdicts(Optional.of(name), Optional.of(v.id().toString()),
        StoreReads.MAX_LIMIT);
    h.raw("<section class=\"card\"><h2>Gate verdicts</h2>");
    HistoryPages.verdictTable(h, r, verdicts, "No gate has judged this version.");
    h.raw("</section>");

    List<AuditEvent> events = reads.audit(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
        StoreReads.MAX_LIMIT).stream().filter(e -> concerns(e, v)).toList();
    h.raw("<section class=\"card\"><h2>Audit events</h2>");
    HistoryPages.auditTable(h, r, events);
    h.raw("</section>");

    Map<String, String> crumbs = new LinkedHashMap<>();
    crumbs.put("Artifacts", r.link("/"));
    crumbs.put(name, artifactHref(r, name));
    ObjectNode data = JsonViews.object();
    data.set("version", JsonViews.version(v));
    return Response.html(200, layout.page(r, v.id().toString(), crumbs, h.toString(), data));
  }

  private static boolean concerns(AuditEvent e, ArtifactVersion v) {
    String id = v.id().toString();
    String number = Integer.toString(v.number());
    return e.subject().equals(id) || id.equals(e.detail("candidate"))
        || (e.subject().startsWith(v.artifact() + "@") && (number.equals(e.detail("to")) || number.equals(e.detail("from"))));
  }

  private static void row(Html h, String label, String value) {
    h.raw("<tr><th>").text(label).raw("</th><td>").text(value).raw("</td></tr>");
  }
}
