package dev.pedigree.web;

import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Verdict;
import dev.pedigree.lineage.LineageGraph;
import dev.pedigree.lineage.LineageNode;
import dev.pedigree.lineage.LineageView;
import dev.pedigree.lineage.Run;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Lineage, runs, gate verdicts, the audit log and the integrity status. */
final class HistoryPages {
  private final StoreReads reads;
  private final Repository repository;
  private final Layout layout;

  HistoryPages(StoreReads reads, Layout layout) {
    this.reads = reads;
    this.repository = reads.repository();
    this.layout = layout;
  }

  Response lineage(Request r, String name, String number) {
    ArtifactVersion v = reads.version(name, number);
    int depth = r.param("depth").map(d -> StoreReads.parseInt(d, "depth")).orElse(LineageGraph.UNLIMITED);
    LineageView up = repository.lineage().upstream(v.id(), depth);
    LineageView down = repository.lineage().downstream(v.id(), depth);
    Html h = new Html();
    h.raw("<p class=\"lead\">Where ").text(v.id().toString())
        .raw(" came from (left) and what it feeds (right). Click a node to open it.</p>");
    h.raw("<form method=\"get\" class=\"inline\"><label>Depth <input name=\"depth\" type=\"number\" min=\"1\"")
        .attr("value", depth == LineageGraph.UNLIMITED ? "" : Integer.toString(depth))
        .raw(" placeholder=\"all\"></label> <button type=\"submit\">Show</button></form>");
    h.raw("<section class=\"card graph-card\"><div class=\"legend\"><span class=\"key version\">version</span>")
        .raw("<span class=\"key root\">this version</span><span class=\"key run\">run</span></div><div class=\"scroll\">");
    h.raw(LineageSvg.render(up, down, node -> node instanceof LineageNode.VersionNode vn
        ? RegistryPages.versionHref(r, vn.id().artifact(), vn.id().number())
        : r.link("/runs/" + Html.enc(((LineageNode.RunNode) node).id()))));
    h.raw("</div></section><div class=\"grid\"><section class=\"card\"><h2>Upstream</h2>");
    versionList(h, r, up.versions(), v.id(), "Nothing recorded upstream: it was registered directly.");
    h.raw("</section><section class=\"card\"><h2>Downstream</h2>");
    versionList(h, r, down.versions(), v.id(), "No recorded run has read this version.");
    h.raw("</section></div>");
    Map<String, String> crumbs = new LinkedHashMap<>();
    crumbs.put("Artifacts", r.link("/"));
    crumbs.put(name, RegistryPages.artifactHref(r, name));
    crumbs.put(v.id().toString(), RegistryPages.versionHref(r, name, v.number()));
    return Response.html(200, layout.page(r, "Lineage of " + v.id(), crumbs, h.toString(), null));
  }

  private static void versionList(Html h, Request r, List<VersionId> ids, VersionId self, String empty) {
    List<VersionId> others = ids.stream().filter(id -> !id.equals(self)).toList();
    if (others.isEmpty()) {
      h.raw("<p class=\"muted\">").text(empty).raw("</p>");
      return;
    }
    h.raw("<ul class=\"plain\">");
    others.forEach(id -> h.raw("<li>").link(RegistryPages.versionHref(r, id.artifact(), id.number()), id).raw("</li>"));
    h.raw("</ul>");
  }

  Response run(Request r, String id) {
    Run run = repository.runs().run(id);
    Html h = new Html();
    h.raw("<p class=\"lead\">");
    Layout.badge(h, run.status().name());
    h.raw("</p><div class=\"grid\"><section class=\"card\"><h2>Summary</h2><table class=\"kv\"><tbody>");
    h.raw("<tr><th>Job</th><td>").text(run.job()).raw("</td></tr><tr><th>Run id</th><td class=\"mono\">").text(run.id())
        .raw("</td></tr><tr><th>Code</th><td>").text(run.code()).raw("</td></tr><tr><th>Started</th><td>")
        .text(Layout.time(run.startedAt())).raw("</td></tr><tr><th>Ended</th><td>")
        .text(run.endedAt().map(Layout::time).orElse("running")).raw("</td></tr>");
    run.error().ifPresent(e -> h.raw("<tr><th>Error</th><td class=\"error\">").text(e).raw("</td></tr>"));
    h.raw("</tbody></table><h2>Inputs</h2>");
    versionList(h, r, run.inputs(), null, "No inputs.");
    h.raw("<h2>Outputs</h2>");
    versionList(h, r, run.outputs(), null, "No outputs.");
    h.raw("</section><section class=\"card\"><h2>Params</h2>");
    Layout.keyValues(h, run.params(), "No params.");
    h.raw("<h2>Metrics</h2>");
    Map<String, String> metrics = new TreeMap<>();
    run.metrics().forEach((k, value) -> metrics.put(k, MetricChartSvg.label(value)));
    Layout.keyValues(h, metrics, "No metrics.");
    h.raw("<h2>Environment</h2>");
    Layout.keyValues(h, run.environment(), "Not recorded.");
    h.raw("</section></div>");
    return Response.html(200, layout.page(r, "Run " + run.job(), Map.of("Artifacts", r.link("/")), h.toString(), null));
  }

  Response verdicts(Request r) {
    Optional<String> artifact = r.param("artifact");
    List<StoreReads.RecordedVerdict> verdicts = reads.verdicts(artifact, Optional.empty(), StoreReads.limit(r.param("limit")));
    Html h = new Html();
    h.raw("<form method=\"get\" class=\"filters\"><label>Artifact <input name=\"artifact\"")
        .attr("value", artifact.orElse("")).raw("></label> <button type=\"submit\">Filter</button></form>");
    h.raw("<section class=\"card\">");
    verdictTable(h, r, verdicts, "No gate verdict is recorded.");
    h.raw("</section>");
    return Response.html(200, layout.page(r, "Gate verdicts", Map.of(), h.toString(), null));
  }

  static void verdictTable(Html h, Request r, List<StoreReads.RecordedVerdict> verdicts, String empty) {
    if (verdicts.isEmpty()) {
      h.raw("<p class=\"muted\">").text(empty).raw("</p>");
      return;
    }
    h.raw("<table class=\"data sortable verdicts\"><thead><tr><th data-sort=\"num\">#</th><th data-sort=\"text\">Time</th>")
        .raw("<th data-sort=\"text\">Gate</th><th data-sort=\"text\">Candidate</th><th>Alias</th><th>Outcome</th>")
        .raw("<th>Summary</th></tr></thead><tbody>");
    for (StoreReads.RecordedVerdict rv : verdicts) {
      Verdict v = rv.verdict();
      String href = r.link("/verdicts/" + rv.event().sequence());
      h.raw("<tr><td").attr("data-value", rv.event().sequence()).raw(">").link(href, rv.event().sequence())
          .raw("</td><td>").text(Layout.time(v.time())).raw("</td><td>").link(href, v.gate()).raw("</td><td>")
          .link(RegistryPages.versionHref(r, v.candidate().artifact(), v.candidate().number()), v.candidate())
          .raw("</td><td>").text(v.alias().orElse("\u2013")).raw("</td><td>");
      Layout.badge(h, v.passed() ? "PASSED" : "REJECTED");
      h.raw("</td><td class=\"description\">").text(v.summary()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  Response verdict(Request r, String sequence) {
    StoreReads.RecordedVerdict rv = reads.verdict(sequence);
    Verdict v = rv.verdict();
    Html h = new Html();
    h.raw("<p class=\"lead\">");
    Layout.badge(h, v.passed() ? "PASSED" : "REJECTED");
    h.raw(" ").text(v.summary()).raw("</p><section class=\"card\"><table class=\"kv\"><tbody><tr><th>Gate</th><td>")
        .text(v.gate()).raw("</td></tr><tr><th>Candidate</th><td>")
        .link(RegistryPages.versionHref(r, v.candidate().artifact(), v.candidate().number()), v.candidate())
        .raw("</td></tr><tr><th>Baseline</th><td>");
    if (v.baseline().isPresent()) {
      VersionId b = v.baseline().get();
      h.link(RegistryPages.versionHref(r, b.artifact(), b.number()), b);
    } else {
      h.raw("<span class=\"muted\">none</span>");
    }
    h.raw("</td></tr><tr><th>Alias</th><td>").text(v.alias().orElse("\u2013")).raw("</td></tr><tr><th>Decided</th><td>")
        .text(Layout.time(v.time())).raw("</td></tr><tr><th>Recorded by</th><td>").text(rv.event().actor())
        .raw(" (audit event ").text(rv.event().sequence()).raw(", ").text(rv.event().detail("action") == null ? ""
            : rv.event().detail("action")).raw(")</td></tr></tbody></table></section>");
    h.raw("<section class=\"card\"><h2>Checks</h2><div class=\"checks\">");
    for (CheckResult c : v.results()) {
      h.raw("<article").attr("class", "check status-" + c.status().name().toLowerCase(java.util.Locale.ROOT)).raw(">")
          .raw("<div class=\"check-head\"><h3>").text(c.check()).raw("</h3>");
      Layout.badge(h, c.status().name());
      h.raw("<span class=\"muted\">").text(c.required() ? "required" : "advisory").raw("</span></div>")
          .raw("<p class=\"evidence\">").text(c.evidence().summary()).raw("</p><div class=\"grid tight\"><div><h4>Observed</h4>");
      Layout.keyValues(h, c.evidence().observed(), "\u2013");
      h.raw("</div><div><h4>Thresholds</h4>");
      Layout.keyValues(h, c.evidence().thresholds(), "\u2013");
      h.raw("</div></div>");
      c.evidence().baseline().ifPresent(b -> h.raw("<p class=\"muted\">Baseline ").text(b).raw("</p>"));
      h.raw("</article>");
    }
    h.raw("</div></section>");
    Map<String, String> crumbs = new LinkedHashMap<>();
    crumbs.put("Verdicts", r.link("/verdicts"));
    return Response.html(200, layout.page(r, "Gate " + v.gate() + " on " + v.candidate(), crumbs, h.toString(), null));
  }

  Response audit(Request r) {
    Optional<String> artifact = r.param("artifact");
    Optional<String> actor = r.param("actor");
    Optional<AuditEventType> type = StoreReads.eventType(r.param("type"));
    int limit = StoreReads.limit(r.param("limit"));
    List<AuditEvent> events = reads.audit(artifact, actor, type, Optional.empty(), limit);
    Html h = new Html();
    h.raw("<form method=\"get\" class=\"filters\" id=\"audit-filters\"><label>Artifact <select name=\"artifact\"><option value=\"\">all</option>");
    for (StoreReads.Summary s : reads.artifacts()) {
      String name = s.info().name();
      h.raw("<option").attr("value", name).raw(artifact.map(name::equals).orElse(false) ? " selected" : "").raw(">")
          .text(name).raw("</option>");
    }
    h.raw("</select></label><label>Actor <input name=\"actor\"").attr("value", actor.orElse("")).raw("></label>")
        .raw("<label>Type <select name=\"type\"><option value=\"\">all</option>");
    for (AuditEventType t : AuditEventType.values()) {
      h.raw("<option").attr("value", t.name()).raw(type.map(t::equals).orElse(false) ? " selected" : "").raw(">")
          .text(t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).raw("</option>");
    }
    h.raw("</select></label><label>Newest <input name=\"limit\" type=\"number\" min=\"1\"").attr("max", StoreReads.MAX_LIMIT)
        .attr("value", limit).raw("></label><button type=\"submit\">Filter</button></form>");
    h.raw("<section class=\"card\">");
    auditTable(h, r, events);
    h.raw("</section>");
    return Response.html(200, layout.page(r, "Audit log", Map.of(), h.toString(), null));
  }

  static void auditTable(Html h, Request r, List<AuditEvent> events) {
    if (events.isEmpty()) {
      h.raw("<p class=\"muted\">No audit event matches.</p>");
      return;
    }
    h.raw("<div class=\"scroll\"><table class=\"data audit\" id=\"audit\"><thead><tr><th>#</th><th>Time</th><th>Actor</th>")
        .raw("<th>Type</th><th>Subject</th><th>Details</th></tr></thead><tbody>");
    for (AuditEvent e : events) {
      h.raw("<tr><td>").text(e.sequence()).raw("</td><td class=\"nowrap\">").text(Layout.time(e.time())).raw("</td><td>")
          .text(e.actor()).raw("</td><td>");
      Layout.badge(h, e.type().name());
      h.raw("</td><td>");
      if (e.type() == AuditEventType.GATE_VERDICT) {
        h.link(r.link("/verdicts/" + e.sequence()), e.subject());
      } else {
        h.text(e.subject());
      }
      h.raw("</td><td class=\"details\">");
      new TreeMap<>(e.details()).forEach((k, v) -> {
        if (!k.equals("record") && !k.equals("content")) {
          h.raw("<span class=\"detail\"><b>").text(k).raw("</b> ").text(v).raw("</span> ");
        }
      });
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
  }

  Response integrity(Request r) {
    RepositoryVerification verification = repository.verify();
    AuditVerification audit = verification.audit();
    Html h = new Html();
    h.raw("<section").attr("class", "card integrity " + (verification.intact() ? "ok" : "broken")).raw(">")
        .raw("<p class=\"big\" id=\"integrity-status\">");
    Layout.badge(h, verification.intact() ? "INTACT" : "DAMAGED");
    h.raw(" ").text(verification.intact() ? "Every record matches its log entry and the audit chain is unbroken."
        : "Problems were found: see below.").raw("</p><table class=\"kv\"><tbody><tr><th>Versions checked</th><td>")
        .text(verification.versionsChecked()).raw("</td></tr><tr><th>Audit events checked</th><td>")
        .text(audit.eventsChecked()).raw("</td></tr></tbody></table></section>");
    if (!verification.intact()) {
      h.raw("<section class=\"card\"><h2>Problems</h2><table class=\"data\"><thead><tr><th>Where</th><th>What</th>")
          .raw("</tr></thead><tbody>");
      audit.problems().forEach(p -> h.raw("<tr><td>").text("audit event " + p.sequence()).raw("</td><td>")
          .text(p.description()).raw("</td></tr>"));
      verification.problems().forEach(p -> h.raw("<tr><td>").text(p.subject()).raw("</td><td>").text(p.description())
          .raw("</td></tr>"));
      h.raw("</tbody></table></section>");
    }
    return Response.html(200, layout.page(r, "Integrity", Map.of(), h.toString(), null));
  }
}
