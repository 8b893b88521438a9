package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.telemetry.sweep.SweepRow.State;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.idtrain.telemetry.http.TelemetryOptions;
import dev.idtrain.telemetry.http.PageAnswers;
import dev.idtrain.telemetry.http.TelemetryBindException;
import dev.idtrain.telemetry.sweep.SweepRow;

/** A sweep coordinator's overview, API and gauge over real HTTP, fed plain rows. */
class SweepOverviewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http = new Http();
  private final List<SweepRow> rows = new CopyOnWriteArrayList<>();
  private SweepTelemetry endpoint;
  private String base;

  @BeforeEach
  void start() {
    endpoint = SweepTelemetry.start("127.0.0.1", 0, "kappa", () -> List.copyOf(rows),
        TelemetryOptions.unlimited());
    base = "http://127.0.0.1:" + endpoint.port();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private static SweepRow row(int index, State state, long step, double r2, Long probeStep,
      String page) {
    return new SweepRow(index, "run-" + index, index % 2 == 0 ? "d5" : "", state, step, 300,
        state == State.RUNNING ? 12.5 : Double.NaN, r2, r2 - 0.1, probeStep,
        index == 0 ? 0.998 : Double.NaN, page);
  }

  @Test
  void theApiAnswersOneLinePerRunInOrderWithCounts() throws Exception {
    rows.add(row(0, State.FINISHED, 300, 0.99, 300L, null));
    rows.add(row(1, State.RUNNING, 120, 0.75, 100L, "http://127.0.0.1:40001/"));
    rows.add(row(2, State.QUEUED, 0, Double.NaN, null, null));
    rows.add(row(3, State.FAILED, 60, Double.NaN, null, null));
    Http.Response response = http.get(base + "/api/v1/sweep");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonNode sweep = JSON.readTree(response.body());
    assertThat(sweep.get("sweep").asText()).isEqualTo("kappa");
    assertThat(sweep.get("counts").toString())
        .isEqualTo("{\"queued\":1,\"running\":1,\"finished\":1,\"failed\":1}");
    JsonNode runs = sweep.get("runs");
    assertThat(runs).hasSize(4);
    List<String> states = new ArrayList<>();
    runs.forEach(r -> states.add(r.get("index").asInt() + " " + r.get("state").asText()));
    assertThat(states).containsExactly("0 finished", "1 running", "2 queued", "3 failed");

    JsonNode running = runs.get(1);
    assertThat(running.get("run").asText()).isEqualTo("run-1");
    assertThat(running.get("point").asText()).isEmpty();
    assertThat(running.get("step").asLong()).isEqualTo(120);
    assertThat(running.get("steps").asLong()).isEqualTo(300);
    assertThat(running.get("steps_per_s").asDouble()).isEqualTo(12.5);
    assertThat(running.get("r2").asDouble()).isEqualTo(0.75);
    assertThat(running.get("cluster_r2").asDouble()).isEqualTo(0.65);
    assertThat(running.get("probe_step").asLong()).isEqualTo(100);
    assertThat(running.get("page").asText()).isEqualTo("http://127.0.0.1:40001/");
    assertThat(running.get("paper_r2").isNull()).isTrue();
    assertThat(runs.get(0).get("paper_r2").asDouble()).isEqualTo(0.998);
    assertThat(runs.get(0).get("point").asText()).isEqualTo("d5");
    // Not known: null, never NaN or a made-up number.
    JsonNode queued = runs.get(2);
    for (String field : List.of("steps_per_s", "r2", "cluster_r2", "probe_step", "page")) {
      assertThat(queued.get(field).isNull()).as(field).isTrue();
    }

    // Asked again on each request: a run that moved on shows it.
    rows.set(2, row(2, State.RUNNING, 5, Double.NaN, null, "http://127.0.0.1:40002/"));
    JsonNode again = JSON.readTree(http.get(base + "/api/v1/sweep").body());
    assertThat(again.get("runs").get(2).get("state").asText()).isEqualTo("running");
    assertThat(again.get("counts").get("running").asInt()).isEqualTo(2);
  }

  @Test
  void theGaugeCountsRunsPerStateWithTheSweepLabel() {
    rows.add(row(0, State.FINISHED, 300, 0.99, 300L, null));
    rows.add(row(1, State.RUNNING, 120, 0.75, 100L, null));
    rows.add(row(2, State.RUNNING, 20, Double.NaN, null, null));
    Exposition metrics = http.scrape(base + "/metrics");
    assertThat(metrics.value("idtrain_sweep_runs", "sweep", "kappa", "state", "running"))
        .isEqualTo(2.0);
    assertThat(metrics.value("idtrain_sweep_runs", "sweep", "kappa", "state", "finished"))
        .isEqualTo(1.0);
    assertThat(metrics.value("idtrain_sweep_runs", "sweep", "kappa", "state", "queued"))
        .isEqualTo(0.0);
    assertThat(metrics.value("idtrain_sweep_runs", "sweep", "kappa", "state", "failed"))
        .isEqualTo(0.0);
  }

  @Test
  void thePageLoadsOnlyItsOwnAssetsUnderTheLivePagesPolicy() throws Exception {
    List<String> references = Pages.references(http.get(base + "/"));
    assertThat(references)
        .contains("/static/sweep.js", "/static/base.css", "/static/sweep.css", "/api/v1/sweep")
        .allSatisfy(url -> assertThat(url).matches("/[^/].*|data:,"));
    // The shared sheet comes first, so the overview's own rules win where they differ.
    assertThat(references.indexOf("/static/base.css"))
        .isLessThan(references.indexOf("/static/sweep.css"));
    for (String path : List.of("/", "/static/sweep.js", "/static/base.css", "/static/sweep.css",
        "/api/v1/sweep")) {
      var response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValue(PageAnswers.CONTENT_SECURITY_POLICY);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    assertThat(PageAnswers.CONTENT_SECURITY_POLICY).contains("connect-src 'self'");
    assertThat(http.get(base + "/static/sweep.js").contentType()).startsWith("text/javascript");
    assertThat(http.get(base + "/static/sweep.css").contentType()).startsWith("text/css");
    assertThat(http.get(base + "/static/base.css").contentType()).startsWith("text/css");
    // It fetches from its own origin only; run pages are other origins, reached by links.
    assertThat(http.get(base + "/static/sweep.js").text()).contains("\"/api/v1/sweep\"")
        .doesNotContain("http://", "https://");
    // The run's live page is not served here.
    assertThat(http.get(base + "/static/live.js").status()).isEqualTo(404);
    assertThat(http.get(base + "/api/v1/run").status()).isEqualTo(404);
  }

  @Test
  void badRequestsGetAClear4xx() {
    assertThat(http.get(base + "/nope").status()).isEqualTo(404);
    Http.Response query = http.get(base + "/api/v1/sweep?since=3");
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.text()).isEqualTo("/api/v1/sweep takes no query parameters\n");
    for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
      for (String path : List.of("/", "/api/v1/sweep", "/static/sweep.js")) {
        Http.Response refused = http.send(base + path, method);
        assertThat(refused.status()).as(method + " " + path).isEqualTo(405);
        if (!method.equals("HEAD")) {
          assertThat(refused.text()).contains("allowed: GET");
        }
      }
    }
    assertThat(http.get(base + "/-/ready").status()).isEqualTo(200);
  }

  @Test
  void aPortInUseIsRefusedNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> SweepTelemetry.start("127.0.0.1", taken.getLocalPort(), "kappa",
          List::of, TelemetryOptions.defaults()))
          .isInstanceOf(TelemetryBindException.class)
          .hasMessage("--port: " + taken.getLocalPort() + " on 127.0.0.1 is already in use;"
              + " allowed: a free port, or 0 for any free port");
    }
    assertThatThrownBy(() -> SweepTelemetry.start("no-such-host.invalid", 0, "kappa", List::of,
        TelemetryOptions.defaults()))
        .isInstanceOf(TelemetryBindException.class).hasMessageStartingWith("--bind: ");
  }
}
