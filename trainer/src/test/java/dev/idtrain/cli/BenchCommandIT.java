package dev.idtrain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both bench modes, as a user runs them, on a small experiment: every figure there and sane. */
class BenchCommandIT {
  @TempDir Path dir;

  @Test
  void comparesThePipelineWithItsPartsAndTheEndpointsCost() throws Exception {
    JsonNode out = bench("--steps", "20", "--pairs", "1", "--scrapers", "4");
    for (String rate : List.of("bare_steps_per_s", "pipeline_steps_per_s", "telemetry_off_steps_per_s",
        "hammered_steps_per_s", "sampler_samples_per_s", "probe_seconds", "scrape_ms_median", "peak_rss_mb")) {
      assertThat(out.get(rate).asDouble()).as(rate).isPositive().isFinite();
    }
    assertThat(out.get("samples_per_s").asDouble())
        .isEqualTo(out.get("pipeline_steps_per_s").asDouble() * 256);
    for (String ratio : List.of("pipeline_to_bare", "telemetry_on_to_off", "hammered_to_quiet")) {
      assertThat(out.get(ratio).asDouble()).as(ratio).isBetween(0.1, 10.0);
    }
  }

  @Test
  void soakReportsTheRangeOfResidentMemoryPerWindowAndItsGrowthAfterWarmUp() throws Exception {
    JsonNode out = bench("--soak", "2100", "--set", "probe.every=250");
    JsonNode windows = out.get("rss_mb_by_window_end");
    assertThat(windows.fieldNames()).toIterable().containsExactly("1000", "2000", "2100");
    for (JsonNode window : windows) {
      assertThat(window.get("min").asDouble()).isPositive().isLessThanOrEqualTo(window.get("max").asDouble());
    }
    assertThat(out.get("rss_growth_from_step").asLong()).isEqualTo(2000);
    assertThat(out.get("rss_max_growth_mb").asDouble())
        .isEqualTo(windows.get("2100").get("max").asDouble() - windows.get("2000").get("max").asDouble());
  }

  private JsonNode bench(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bench", "--json"));
    command.addAll(Daemon.SMALL);
    command.addAll(List.of(args));
    try (Daemon daemon = Daemon.start(dir.resolve("out.log"), command)) {
      assertThat(daemon.awaitExit(Duration.ofMinutes(3))).as(daemon.output()).isZero();
      String output = daemon.output();
      String json = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no JSON in:\n" + output));
      return new ObjectMapper().readTree(json);
    }
  }
}
