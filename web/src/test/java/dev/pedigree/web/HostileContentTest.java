package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.Repository;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.lineage.Run;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Every free-text field the store keeps (actor, descriptions, params, tags, reasons, evidence,
 * file names, run errors) holds markup and script that would run, add an element or break out
 * of an attribute, an SVG label or the page's JSON block if it were not escaped. Each page is
 * loaded in the real browser: nothing ran, no element or event-handler attribute was injected,
 * and the text is shown as it was stored.
 */
class HostileContentTest {
  /** Finds anything the payload could have injected, even where the Content-Security-Policy stopped it from running. */
  private static final String PROBE = "var found = [];"
      + "if (window.__pwned !== undefined) { found.push('window.__pwned=' + window.__pwned); }"
      + "if (document.getElementsByTagName('pwned').length) { found.push('a pwned element'); }"
      + "document.querySelectorAll('*').forEach(function (e) {"
      + "  for (var i = 0; i < e.attributes.length; i++) {"
      + "    var a = e.attributes[i];"
      + "    if (a.name.indexOf('on') === 0) { found.push(e.tagName + ' has ' + a.name); }"
      + "    if (/^\\s*javascript:/i.test(a.value)) { found.push(e.tagName + ' ' + a.name + ' is a javascript: URL'); }"
      + "  }"
      + "  if (e.tagName === 'IMG' || (e.tagName === 'SCRIPT' && e.src === '' && e.type !== 'application/json')) {"
      + "    found.push('an injected ' + e.tagName);"
      + "  }"
      + "});"
      + "return found.join('; ');";

  @TempDir
  static Path scratch;
  static Repository repo;
  static PedigreeWebServer server;
  static String base;

  @BeforeAll
  static void start() {
    repo = DemoStore.create("mallory", DemoStore.HOSTILE, scratch);
    server = PedigreeWebServer.start(PedigreeWeb.builder(repo).authorizer(request -> Optional.of("tester")).build(),
        "127.0.0.1", 0);
    base = server.uri().toString().replaceAll("/$", "");
  }

  @AfterAll
  static void stop() {
    server.close();
    repo.close();
  }

  static List<String> pages() {
    List<String> pages = new ArrayList<>(List.of("/", "/artifacts/churn-model", "/artifacts/churn-model/aliases",
        "/artifacts/raw-customers", "/versions/churn-model/3", "/versions/churn-model/4", "/versions/raw-customers/1",
        "/versions/features/1", "/versions/churn-model/3/lineage", "/versions/raw-customers/1/lineage", "/verdicts",
        "/audit", "/audit?actor=" + Html.enc("mallory" + DemoStore.HOSTILE), "/integrity",
        "/artifacts/" + Html.enc(DemoStore.HOSTILE), "/nowhere/" + Html.enc(DemoStore.HOSTILE)));
    try (var runs = repo.runs().list()) {
      runs.map(Run::id).forEach(id -> pages.add("/runs/" + Html.enc(id)));
    }
    try (var verdicts = repo.audit().events(AuditQuery.all().type(AuditEventType.GATE_VERDICT))) {
      verdicts.map(AuditEvent::sequence).forEach(seq -> pages.add("/verdicts/" + seq));
    }
    return pages;
  }

  @Test
  void noStoredTextRunsOrAddsMarkupInTheBrowser() {
    List<String> pages = pages();
    assertThat(pages).hasSizeGreaterThan(25);
    try (Chromium chromium = Chromium.start()) {
      WebDriver browser = chromium.driver();
      StringBuilder shown = new StringBuilder();
      for (String page : pages) {
        browser.get(base + page);
        Object found = ((JavascriptExecutor) browser).executeScript(PROBE);
        assertThat(found).as("injected on " + page).isEqualTo("");
        shown.append(((JavascriptExecutor) browser).executeScript("return document.body.innerText;"));
        if (page.equals("/versions/churn-model/3/lineage")) {
          Object label = ((JavascriptExecutor) browser).executeScript(
              "return document.querySelector('#lineage-graph g.node.run.status-failed title').textContent;");
          assertThat(label).as("the SVG node's title").isEqualTo("export" + DemoStore.HOSTILE + " (failed)");
          chromium.screenshot("hostile-lineage");
        }
        if (page.equals("/versions/churn-model/3")) {
          chromium.screenshot("hostile-version");
          Object description = ((JavascriptExecutor) browser).executeScript(
              "return JSON.parse(document.getElementById('pedigree-page').textContent).version.description;");
          assertThat(description).as("the page's JSON block reads back exactly").isEqualTo("Weekly retrain, week 3" + DemoStore.HOSTILE);
        }
      }
      // The payload is shown as text wherever a field is shown: whole, in the actor, reasons, evidence, errors...
      assertThat(shown.toString()).contains("mallory" + DemoStore.HOSTILE, "support saw more false alarms" + DemoStore.HOSTILE,
          "Reviewed by the model owner" + DemoStore.HOSTILE, "Export target refused the upload" + DemoStore.HOSTILE,
          DemoStore.HOSTILE_FILE);
    }
  }

  @Test
  void noPageCarriesTheMarkupUnescaped() {
    for (String page : pages()) {
      HttpResponse<String> response = Http.get(URI.create(base + page));
      String body = response.body();
      int open = body.indexOf("<script type=\"application/json\" id=\"pedigree-page\">");
      int close = body.indexOf("</script>", open);
      assertThat(open).as(page + " has its data block").isPositive();
      String data = body.substring(body.indexOf('>', open) + 1, close);
      String markup = body.substring(0, open) + body.substring(close);
      // The data block holds no '<' at all, so nothing in it can close it; the markup holds no tag or attribute of ours.
      assertThat(data).as(page + " data block").doesNotContain("<");
      assertThat(markup).as(page).doesNotContain("<img", "<svg onload", "<script>window", "<pwned",
          "' onmouseover=", "\" onmouseover=");
      assertThat(response.headers().firstValue("Content-Security-Policy")).contains(WebHandler.CONTENT_SECURITY_POLICY);
    }
  }

  @Test
  void theApiReturnsTheTextExactlyAsStored() {
    JsonNode version = Http.getJson(URI.create(base + "/api/artifacts/churn-model/versions/3"));
    assertThat(version.get("description").asText()).isEqualTo("Weekly retrain, week 3" + DemoStore.HOSTILE);
    assertThat(Http.get(URI.create(base + "/api/artifacts/churn-model/versions/3")).headers()
        .firstValue("Content-Type")).contains("application/json; charset=utf-8");
  }
}
