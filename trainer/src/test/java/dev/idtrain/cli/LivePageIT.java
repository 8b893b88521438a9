package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page of a real daemon in a real browser: headless chromium loads it, the charts draw
 * the run's probes as they come, nothing fails in the console, and nothing is fetched from any
 * other origin. Leaves screenshots in target/live-page.png and target/live-page-sprites.png. A
 * real sweep's overview lists its runs and links to each one's live page.
 */
class LivePageIT {
  private static final Pattern PAGE = Pattern.compile("live page: (http://\\S+/)");
  private static final Pattern OVERVIEW = Pattern.compile("overview: (http://\\S+/)");

  @TempDir Path dir;

  @Test
  void theBrowserDrawsTheRunFromTheDaemonAlone() throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--steps", "100000",
        "--run-dir", dir.resolve("run").toString(), "--set", "telemetry.port=0",
        "--set", "checkpoint.everySteps=20"));
    args.addAll(Daemon.SMALL);
    try (Daemon daemon = Daemon.start(dir.resolve("daemon.log"), args);
        HeadlessChromium chromium = HeadlessChromium.start(1400, 2000)) {
      daemon.awaitWhileRunning(Duration.ofSeconds(120), () -> PAGE.matcher(output(daemon)).find());
      Matcher page = PAGE.matcher(daemon.output());
      assertThat(page.find()).isTrue();
      URI url = URI.create(page.group(1));
      String origin = url.getScheme() + "://" + url.getAuthority();

      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      List<String> requests = Collections.synchronizedList(new ArrayList<>());
      watch(chromium, errors, requests);
      chromium.send("Page.navigate", Map.of("url", url.toString()));

      // The charts redraw every 2 s: wait for points from at least two probes in every probe chart.
      daemon.awaitWhileRunning(Duration.ofSeconds(120),
          () -> evaluate(chromium, "Number(document.body.dataset.points)").asInt() >= 2);
      JsonNode drawn = evaluate(chromium, "Array.from(document.querySelectorAll('main section'))"
          + ".filter(s => !s.hidden).map(s => [s.id, Number(s.dataset.points),"
          + " s.querySelectorAll('canvas').length])");
      assertThat(drawn).hasSizeGreaterThanOrEqualTo(7);
      drawn.forEach(chart -> {
        assertThat(chart.get(1).asInt()).as(chart.get(0).asText()).isGreaterThanOrEqualTo(2);
        assertThat(chart.get(2).asInt()).as(chart.get(0).asText()).isEqualTo(1);
      });
      assertThat(evaluate(chromium, "document.getElementById('state').textContent").asText())
          .isEqualTo("running");
      assertThat(evaluate(chromium, "document.getElementById('changed').textContent").asText())
          .contains("train.batchSize=256", "probe.every=5");

      // Wall time on the x axis: the charts are drawn again from the same data.
      evaluate(chromium, "document.querySelector('input[value=time_s]').click()");
      daemon.awaitWhileRunning(Duration.ofSeconds(30),
          () -> evaluate(chromium, "Number(document.querySelector('#r2').dataset.points)").asInt() >= 2
              && evaluate(chromium, "document.querySelector('#r2 .u-axis') !== null").asBoolean());
      evaluate(chromium, "document.querySelector('input[value=step]').click()");
      daemon.awaitWhileRunning(Duration.ofSeconds(30),
          () -> evaluate(chromium, "Number(document.body.dataset.points)").asInt() >= 2);

      String png = chromium.send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
      Path screenshot = Path.of("target", "live-page.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, Base64.getDecoder().decode(png));

      assertThat(errors).isEmpty();
      assertThat(requests).isNotEmpty().allSatisfy(request ->
          assertThat(request).satisfiesAnyOf(
              r -> assertThat(r).startsWith(origin + "/"),
              r -> assertThat(r).startsWith("data:")));
      assertThat(requests).anyMatch(r -> r.contains("/api/v1/series"))
          .anyMatch(r -> r.endsWith("/static/uPlot.iife.min.js"));
    }
  }

  @Test
  void aSpritesRunDrawsItsFactorDecodingBesideThePapersMlpAndItsPixelBaseline() throws Exception {
    List<String> args = List.of("run", "--steps", "100000", "--run-dir",
        dir.resolve("run").toString(), "--set", "telemetry.port=0", "--set", "dgp.kind=sprites",
        "--set", "train.batchSize=256", "--set", "probe.samples=2056", "--set", "probe.every=10");
    try (Daemon daemon = Daemon.start(dir.resolve("daemon.log"), args);
        HeadlessChromium chromium = HeadlessChromium.start(1400, 1600)) {
      daemon.awaitWhileRunning(Duration.ofSeconds(120), () -> PAGE.matcher(output(daemon)).find());
      Matcher page = PAGE.matcher(daemon.output());
      assertThat(page.find()).isTrue();
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      watch(chromium, errors, new ArrayList<>());
      chromium.send("Page.navigate", Map.of("url", page.group(1)));

      daemon.awaitWhileRunning(Duration.ofSeconds(120),
          () -> evaluate(chromium, "Number(document.body.dataset.points)").asInt() >= 2);
      JsonNode shown = evaluate(chromium, "Array.from(document.querySelectorAll('main section'))"
          + ".filter(s => !s.hidden).map(s => s.id)");
      assertThat(shown).extracting(JsonNode::asText)
          .contains("loss", "factor_correlation", "factor_r2", "alignment", "throughput")
          .doesNotContain("r2", "r2_dim", "cluster_r2", "orthogonality");
      // Per factor its line; per factor of Tab. 4 (scale, x, y) the paper's and the pixels'.
      JsonNode legend = evaluate(chromium, "Array.from(document.querySelectorAll("
          + "'#factor_correlation .u-legend .u-series')).map(e => e.textContent.trim())");
      assertThat(legend).extracting(JsonNode::asText).containsExactly("scale", "x", "y",
          "orientation", "paper scale", "pixels scale", "paper x", "pixels x", "paper y",
          "pixels y");
      assertThat(evaluate(chromium, "document.getElementById('figures').textContent").asText())
          .contains("Tab. 4 MLP").doesNotContain("paper R²");

      String png = chromium.send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
      Files.write(Files.createDirectories(Path.of("target")).resolve("live-page-sprites.png"),
          Base64.getDecoder().decode(png));
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void theSweepsOverviewShowsEveryRunAndLinksToItsLivePage() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.yaml"), """
        name: page
        steps: 100000
        points:
          - {label: a, dgp.dim: 5}
          - {label: b, dgp.dim: 6}
        base:
          dgp: {conditionPool: 200}
          train: {batchSize: 256}
          probe: {samples: 1024, every: 5}
          telemetry: {lingerSeconds: 0}
        """);
    Daemon sweep = Daemon.start(dir.resolve("sweep.log"), List.of("sweep", "--grid",
        grid.toString(), "--out", dir.resolve("out").toString(), "--workers", "2"));
    try (HeadlessChromium chromium = HeadlessChromium.start(1400, 900)) {
      sweep.awaitWhileRunning(Duration.ofSeconds(60), () -> OVERVIEW.matcher(output(sweep)).find());
      Matcher overview = OVERVIEW.matcher(sweep.output());
      assertThat(overview.find()).isTrue();
      URI url = URI.create(overview.group(1));
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      List<String> requests = Collections.synchronizedList(new ArrayList<>());
      watch(chromium, errors, requests);
      chromium.send("Page.navigate", Map.of("url", url.toString()));

      // One line per run; each running run links to its own page once its console named it.
      sweep.awaitWhileRunning(Duration.ofSeconds(90), () -> evaluate(chromium,
          "Array.from(document.querySelectorAll('#runs tbody tr')).filter(r =>"
              + " r.querySelector('.state.running') && r.querySelector('a')).length").asInt() == 2);
      JsonNode rows = evaluate(chromium, "Array.from(document.querySelectorAll('#runs tbody tr'))"
          + ".map(r => [r.dataset.run, r.cells[2].textContent, r.querySelector('a').href])");
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).get(1).asText()).isEqualTo("a");
      assertThat(rows.get(1).get(1).asText()).isEqualTo("b");
      assertThat(errors).isEmpty();
      String origin = url.getScheme() + "://" + url.getAuthority();
      assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r).satisfiesAnyOf(
          request -> assertThat(request).startsWith(origin + "/"),
          request -> assertThat(request).startsWith("data:")));

      // The links work: each opens the live page of that very run.
      for (JsonNode row : rows) {
        String run = row.get(0).asText();
        assertThat(Files.readString(dir.resolve("out").resolve("logs").resolve(run + ".log")))
            .contains("live page: " + row.get(2).asText());
        chromium.send("Page.navigate", Map.of("url", row.get(2).asText()));
        sweep.awaitWhileRunning(Duration.ofSeconds(30), () -> evaluate(chromium,
            "document.getElementById('run') && document.getElementById('run').textContent")
            .asText().equals(run));
      }
      assertThat(errors).isEmpty();
    } finally {
      List<ProcessHandle> runs = sweep.process().descendants().toList();
      sweep.process().destroy(); // SIGTERM: the runs stop gracefully, then the sweep exits
      try {
        assertThat(sweep.awaitExit(Duration.ofSeconds(60))).as(sweep.output()).isZero();
      } finally {
        runs.forEach(ProcessHandle::destroyForcibly);
        sweep.close();
      }
    }
  }

  /** Collects the page's console errors and every request it makes. */
  private static void watch(HeadlessChromium chromium, List<String> errors, List<String> requests)
      throws Exception {
    chromium.onEvent(event -> {
      JsonNode params = event.path("params");
      switch (event.path("method").asText()) {
        case "Runtime.consoleAPICalled" -> {
          if (List.of("error", "assert").contains(params.path("type").asText())) {
            errors.add("console: " + params.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          if (params.path("entry").path("level").asText().equals("error")) {
            errors.add("log: " + params.path("entry").path("text").asText());
          }
        }
        case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
        default -> { }
      }
    });
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      chromium.send(domain + ".enable", Map.of());
    }
  }

  private static String output(Daemon daemon) {
    try {
      return daemon.output();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static JsonNode evaluate(HeadlessChromium chromium, String expression) {
    try {
      return chromium.evaluate(expression);
    } catch (Exception e) {
      throw new IllegalStateException(expression, e);
    }
  }
}
