package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Started;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import dev.idtrain.telemetry.page.ConfigEntry;
import dev.idtrain.telemetry.http.TelemetryOptions;

/** The live page and its API over real HTTP, fed synthetic events. */
class LivePageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http = new Http();
  private Sinks.Many<TrainingEvent> sink;
  private Telemetry telemetry;
  private String base;

  @BeforeEach
  void start() {
    sink = Sinks.many().multicast().directBestEffort();
    telemetry = Telemetry.start("127.0.0.1", 0, Events.INFO,
        List.of(new ConfigEntry("dgp.dim", "5", "5"),
            new ConfigEntry("train.batchSize", "256", "1024")),
        sink.asFlux(), TelemetryOptions.defaults());
    base = "http://127.0.0.1:" + telemetry.port();
  }

  @AfterEach
  void stop() {
    telemetry.close();
  }

  private void publish(TrainingEvent event) {
    assertThat(sink.tryEmitNext(event)).isEqualTo(Sinks.EmitResult.OK);
  }

  private JsonNode json(String path) throws Exception {
    Http.Response response = http.get(base + path);
    assertThat(response.status()).as(path).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    return JSON.readTree(response.body());
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isNull() ? null : n.asDouble()));
    return out;
  }

  @Test
  void thePageLoadsOnlyFromItsOwnOriginUnderAStrictPolicy() {
    Http.Response page = http.get(base + "/");
    List<String> references = Pages.references(page);
    assertThat(references).isNotEmpty().allSatisfy(url ->
        assertThat(url).matches("/[^/].*|/|data:,"));
    // The shared sheet comes first, so the page's own rules win where they differ.
    assertThat(references).contains("/static/base.css", "/static/live.css");
    assertThat(references.indexOf("/static/base.css"))
        .isLessThan(references.indexOf("/static/live.css"));
    for (String url : references) {
      if (url.startsWith("/static/")) {
        Http.Response asset = http.get(base + url);
        assertThat(asset.status()).as(url).isEqualTo(200);
        assertThat(asset.contentType()).as(url)
            .startsWith(url.endsWith(".js") ? "text/javascript" : "text/css");
      }
    }
    assertThat(http.get(base + "/static/live.js").text()).contains("/api/v1/series")
        .doesNotContain("http://", "https://");
    assertThat(page.text()).contains("/metrics", "/-/healthy", "/-/ready");
  }

  @Test
  void everyAnswerCarriesTheContentSecurityPolicy() throws Exception {
    for (String path : List.of("/", "/static/live.js", "/api/v1/run", "/api/v1/series")) {
      var response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValue("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
              + " img-src 'self' data:; base-uri 'none'; form-action 'none';"
              + " frame-ancestors 'none'");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void runAnswersTheHeader() throws Exception {
    assertThat(json("/api/v1/run").get("state").asText()).isEqualTo("starting");
    publish(new Started(0, Events.INFO));
    for (int i = 1; i <= 300; i++) {
      publish(Events.step(i));
    }
    JsonNode run = json("/api/v1/run");
    assertThat(run.get("run").asText()).isEqualTo("test-run");
    assertThat(run.get("objective").asText()).isEqualTo("supervised");
    assertThat(run.get("state").asText()).isEqualTo("running");
    assertThat(run.get("reason").isNull()).isTrue();
    assertThat(run.get("step").asLong()).isEqualTo(300);
    assertThat(run.get("steps_per_s").asDouble()).isCloseTo(100.0, within(1e-9));
    assertThat(run.get("device").asText()).isEqualTo("cpu");
    assertThat(run.get("precision").asText()).isEqualTo("fp32");
    assertThat(run.at("/reference/r2").asDouble()).isEqualTo(0.998);
    assertThat(run.at("/reference/row").asText()).isEqualTo("Tab. 3 base");
    assertThat(run.at("/reference/cluster_r2").isNull()).isTrue();
    assertThat(run.get("uptime_s").asDouble()).isPositive();
    assertThat(run.get("config").get(0).get("key").asText()).isEqualTo("train.batchSize");
    assertThat(run.get("config").get(0).get("default").asText()).isEqualTo("1024");
    assertThat(run.get("config").get(0).get("changed").asBoolean()).isTrue();
  }

  @Test
  void seriesAnswersColumnsAndPagesWithSince() throws Exception {
    for (int i = 1; i <= 10; i++) {
      publish(Events.step(i));
    }
    publish(Events.probe(1, 5));
    publish(new Checkpointed(10, 100, 0.1));
    JsonNode all = json("/api/v1/series");
    assertThat(numbers(all.get("steps").get("step"))).hasSize(10).startsWith(1.0).endsWith(10.0);
    assertThat(numbers(all.get("steps").get("loss"))).startsWith(1.0, 0.5);
    assertThat(all.get("steps").get("steps_per_s").get(0).isNull()).isTrue(); // no window yet
    assertThat(all.get("steps").get("queue_depth").get(0).asInt()).isEqualTo(3);
    JsonNode probes = all.get("probes");
    assertThat(numbers(probes.get("step"))).containsExactly(5.0);
    for (String column : List.of("time_s", "loss", "r2_affine", "r2_linear", "orthogonality_mae",
        "cluster_r2", "cluster_r2_linear", "cluster_orthogonality_mae", "alignment", "accuracy",
        "temperature_ratio")) {
      assertThat(probes.get(column)).as(column).hasSize(1);
    }
    assertThat(probes.get("r2_affine").get(0).asDouble()).isEqualTo(Events.probe(1, 5).r2Affine());
    assertThat(probes.get("r2_dim")).hasSize(5);
    assertThat(numbers(all.get("checkpoints").get("step"))).containsExactly(10.0);
    assertThat(all.get("next_since").asLong()).isEqualTo(10);

    for (int i = 11; i <= 13; i++) {
      publish(Events.step(i));
    }
    JsonNode page = json("/api/v1/series?since=" + all.get("next_since").asLong());
    assertThat(numbers(page.get("steps").get("step"))).containsExactly(11.0, 12.0, 13.0);
    // Recorded after step 10, the probe is answered again: a reader keeps rows past its last.
    assertThat(numbers(page.get("probes").get("step"))).containsExactly(5.0);
    JsonNode later = json("/api/v1/series?since=" + page.get("next_since").asLong());
    assertThat(later.get("steps").get("step")).isEmpty();
    assertThat(later.get("probes").get("step")).isEmpty();
    assertThat(page.get("generation")).isEqualTo(all.get("generation"));
  }

  @Test
  void badRequestsGetAClear4xxAndLeaveTheRunAlone() throws Exception {
    publish(Events.step(1));
    assertThat(http.get(base + "/nope").status()).isEqualTo(404);
    assertThat(http.get(base + "/api/v2/run").status()).isEqualTo(404);
    for (String query : List.of("since=abc", "since=-1", "since=", "since=1e3", "step=3",
        "since=1&since=2", "since=99999999999999999999")) {
      Http.Response bad = http.get(base + "/api/v1/series?" + query);
      assertThat(bad.status()).as(query).isEqualTo(400);
      assertThat(bad.text()).as(query).startsWith("since: ").contains("allowed: since=STEP");
    }
    assertThat(http.get(base + "/api/v1/run?x=1").status()).isEqualTo(400);
    for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
      for (String path : List.of("/", "/api/v1/run", "/api/v1/series", "/static/live.js")) {
        Http.Response refused = http.send(base + path, method);
        assertThat(refused.status()).as(method + " " + path).isEqualTo(405);
        if (!method.equals("HEAD")) {
          assertThat(refused.text()).contains("allowed: GET");
        }
      }
    }
    publish(Events.step(2));
    assertThat(numbers(json("/api/v1/series").get("steps").get("step"))).containsExactly(1.0, 2.0);
    assertThat(http.get(base + "/metrics").text()).contains("idtrain_steps_total{");
  }
}
