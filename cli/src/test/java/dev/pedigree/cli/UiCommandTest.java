package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pedigree ui} serves the web module's UI and JSON API over the store, on loopback, until interrupted. */
class UiCommandTest extends SharedStoreTest {
  @Test
  void uiServesTheStoreUntilStopped() throws Exception {
    CommandLine line = PedigreeCli.commandLine(Map.of(PedigreeCli.REPO_VARIABLE, store.uri), false);
    CountDownLatch printed = new CountDownLatch(1);
    StringWriter out = new StringWriter() {
      @Override
      public void flush() {
        // println flushes (auto-flush): the address line is complete once its flush arrives.
        super.flush();
        if (toString().contains("(Ctrl-C to stop)")) {
          printed.countDown();
        }
      }
    };
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread serving = new Thread(() -> code.set(line.execute("ui", "--port", "0")), "ui-under-test");
    serving.start();
    Matcher started = Pattern.compile("Pedigree UI at (http://127\\.0\\.0\\.1:\\d+/) \\(Ctrl-C to stop\\)").matcher("");
    assertThat(printed.await(60, TimeUnit.SECONDS)).as("the ui command printed its address").isTrue();
    assertThat(started.reset(out.toString()).find()).isTrue();
    assertThat(out.toString()).as("the ui command printed its address").matches("(?s)Pedigree UI at http://127\\.0\\.0\\.1:\\d+/.*");
    URI base = URI.create(started.group(1));

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("churn-model").contains("raw-customers");

    serving.interrupt();
    serving.join(30_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(code.get()).isZero();
  }

  @Test
  void aPortOutOfRangeIsBadUsage() {
    CliRunner.Result result = cli.run("ui", "--port", "70000");
    assertThat(result.code()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("a port is 0 to 65535");
  }
}
