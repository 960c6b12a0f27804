package dev.pedigree.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pedigree.Repository;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real browser, mounted at {@code /ml/pedigree} in a service's own JDK HttpServer
 * next to the service's other endpoints: navigation artifact → version → lineage → verdict,
 * the chart and graph drawn with a real size, sorting, filters, an alias move through the
 * page's form, and a screenshot of every page under {@code target/screenshots/}.
 */
class BrowserTest {
  @TempDir
  static Path scratch;
  static Repository repo;
  static HttpServer service;
  static String base;
  static Chromium chromium;
  static WebDriver browser;

  @BeforeAll
  static void start() throws IOException {
    repo = DemoStore.create("alice", "", scratch);
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext("/health", exchange -> {
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    PedigreeWeb.builder(repo).authorizer(request -> Optional.of("release-bot")).build().mount(service, "/ml/pedigree");
    service.start();
    base = "http://127.0.0.1:" + service.getAddress().getPort() + "/ml/pedigree";
    chromium = Chromium.start();
    browser = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    service.stop(0);
    repo.close();
  }

  @Test
  void navigatesFromArtifactToVersionToLineageToVerdict() {
    browser.get(base + "/");
    assertThat(browser.getTitle()).isEqualTo("Artifacts \u00b7 Pedigree");
    assertThat(rows("#artifacts")).hasSize(4);
    chromium.screenshot("01-artifacts");

    browser.findElement(By.linkText("churn-model")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("churn-model");
    WebElement chart = browser.findElement(By.id("metric-chart"));
    assertRendered(chart);
    assertThat(chart.findElements(By.cssSelector("circle.point"))).hasSize(5);
    assertThat(chart.findElements(By.cssSelector("text.alias-label"))).extracting(WebElement::getText)
        .containsExactlyInAnyOrder("production", "staging");
    chromium.screenshot("02-versions");

    WebElement aucHeader = browser.findElement(By.xpath("//table[@id='versions']//th[normalize-space()='auc']"));
    aucHeader.click();
    assertThat(firstCell("#versions")).startsWith("v1");
    aucHeader.click();
    assertThat(firstCell("#versions")).startsWith("v5");

    new Select(browser.findElement(By.id("metric-select"))).selectByValue("log_loss");
    waitFor(d -> d.getCurrentUrl().endsWith("metric=log_loss"));
    assertThat(browser.findElement(By.cssSelector("#metric-chart title")).getAttribute("textContent"))
        .isEqualTo("log_loss across versions");

    browser.findElement(By.linkText("v3")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("churn-model:3");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("auc", "0.86", "epochs", "25");
    chromium.screenshot("03-version");

    browser.findElement(By.linkText("Lineage \u2192")).click();
    WebElement graph = browser.findElement(By.id("lineage-graph"));
    assertRendered(graph);
    List<String> nodes = graph.findElements(By.cssSelector("g.node")).stream().map(n -> n.getAttribute("data-key")).toList();
    assertThat(nodes).contains("version:churn-model:3", "version:features:1", "version:raw-customers:1",
        "version:churn-report:1");
    assertThat(graph.findElements(By.cssSelector("path.edge")).size()).isGreaterThanOrEqualTo(7);
    assertRendered(graph.findElement(By.cssSelector("g.node.root rect")));
    chromium.screenshot("04-lineage");

    browser.findElement(By.cssSelector("g.node[data-key='version:raw-customers:1']")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("raw-customers:1");
    assertThat(rows("#files")).hasSize(3);
    browser.navigate().back();

    browser.get(base + "/versions/churn-model/4");
    browser.findElement(By.cssSelector("table.verdicts tbody tr td:nth-child(3) a")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Gate production on churn-model:4");
    List<WebElement> checks = browser.findElements(By.cssSelector("article.check"));
    assertThat(checks).hasSize(4);
    WebElement failed = browser.findElement(By.cssSelector("article.check.status-failed"));
    assertThat(failed.getText()).contains("auc-not-worse", "required", "below the baseline");
    chromium.screenshot("05-verdict");
  }

  @Test
  void showsAliasTimelinesAuditFiltersRunsAndIntegrity() {
    browser.get(base + "/artifacts/churn-model/aliases");
    List<WebElement> rollbacks = browser.findElements(By.cssSelector("#alias-production li.kind-rollback"));
    assertThat(rollbacks).hasSize(1);
    assertThat(rollbacks.get(0).getText()).contains("rollback", "v5 \u2192 v3", "alice", "support saw more false alarms");
    assertThat(browser.findElements(By.cssSelector("#alias-staging li.event"))).hasSize(5);
    chromium.screenshot("06-aliases");

    browser.get(base + "/audit");
    new Select(browser.findElement(By.name("type"))).selectByValue("GATE_VERDICT");
    browser.findElement(By.cssSelector("#audit-filters button")).click();
    waitFor(d -> d.getCurrentUrl().contains("type=GATE_VERDICT"));
    assertThat(rows("#audit")).hasSize(5);
    chromium.screenshot("07-audit");

    browser.get(base + "/verdicts");
    assertThat(rows("table.verdicts")).hasSize(5);
    chromium.screenshot("08-verdicts");

    browser.get(base + "/versions/churn-model/3");
    browser.findElement(By.cssSelector("table.kv a[href*='/runs/']")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Run train");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("features:1", "churn-model:3", "1.3.0");
    chromium.screenshot("09-run");

    browser.get(base + "/integrity");
    assertThat(browser.findElement(By.id("integrity-status")).getText()).contains("intact");
    chromium.screenshot("10-integrity");
  }

  @Test
  void movesAnAliasThroughThePageForm() {
    browser.get(base + "/artifacts/churn-model/aliases");
    WebElement form = browser.findElement(By.cssSelector("#alias-staging form[data-action='move']"));
    form.findElement(By.name("version")).sendKeys("2");
    form.findElement(By.name("reason")).sendKeys("re-stage week 2 for a comparison");
    form.findElement(By.tagName("button")).click();
    waitFor(d -> d.findElements(By.cssSelector("#alias-staging li.event")).size() == 6);
    assertThat(browser.findElement(By.cssSelector("#alias-staging li.event")).getText())
        .contains("v5 \u2192 v2", "re-stage week 2 for a comparison (by release-bot via the web UI)");
    assertThat(repo.artifacts().aliases("churn-model")).containsEntry("staging", 2);
    repo.artifacts().moveAlias("churn-model", "staging", 5, "restore the fixture");
  }

  private static List<WebElement> rows(String table) {
    return browser.findElements(By.cssSelector(table + " tbody tr"));
  }

  private static String firstCell(String table) {
    return browser.findElement(By.cssSelector(table + " tbody tr td")).getText();
  }

  private static void assertRendered(WebElement element) {
    assertThat(element.isDisplayed()).isTrue();
    assertThat(element.getRect().getWidth()).isPositive();
    assertThat(element.getRect().getHeight()).isPositive();
  }

  private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
  }
}
