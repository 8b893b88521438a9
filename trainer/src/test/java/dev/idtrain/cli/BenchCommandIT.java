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
  private String lastOutput;

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
    // d = 5, H = 6, K = 100: weight matrices 5x50, 50x250, 3 x 250x250, 250x50, 50x5 and the
    // head's 100x5, times a batch of 256, forward and twice backward (once for the first, whose
    // input is the data), 2 FLOP per multiply-add.
    double gflop = 6.0 * 256 * (250 + 12_500 + 3 * 62_500 + 12_500 + 250 + 500) / 1e9 - 2.0 * 256 * 250 / 1e9;
    assertThat(out.get("model_gflop_per_step").asDouble()).isCloseTo(gflop, org.assertj.core.data.Offset.offset(1e-12));
    double gemm = out.get("gemm_gflops").asDouble();
    assertThat(gemm).isPositive().isFinite();
    assertThat(out.get("limit_steps_per_s").asDouble()).isCloseTo(gemm / gflop, org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(out.get("efficiency").asDouble())
        .isCloseTo(out.get("pipeline_steps_per_s").asDouble() * gflop / gemm, org.assertj.core.data.Percentage.withPercentage(1e-9));
    // The encoder's own products, timed at their shapes: small ones run below the 2048² rate.
    assertThat(out.get("encoder_gemm_gflops").asDouble()).isPositive().isFinite();
    assertThat(out.get("encoder_gemm_to_gemm").asDouble()).isBetween(0.01, 2.0);
  }

  @Test
  void dietIsMeasuredAgainstTheSameExperimentsSupervisedPipeline() throws Exception {
    JsonNode out = bench("--steps", "10", "--pairs", "1", "--set", "train.objective=diet",
        "--set", "dgp.instances=1000", "--set", "train.precision=fp32");
    double diet = out.get("diet_pipeline_steps_per_s").asDouble();
    double supervised = out.get("supervised_pipeline_steps_per_s").asDouble();
    assertThat(diet).isPositive().isFinite();
    assertThat(supervised).isPositive().isFinite();
    assertThat(out.get("diet_to_supervised").asDouble())
        .isCloseTo(diet / supervised, org.assertj.core.data.Percentage.withPercentage(1e-9));
  }

  @Test
  void timeToR2StopsAtTheCrossingOrGivesUpSayingSo() throws Exception {
    JsonNode reached = bench("--time-to-r2", "0.5", "--give-up-after", "150");
    assertThat(reached.get("reached").asBoolean()).isTrue();
    assertThat(reached.get("time_to_r2_s").asDouble()).isPositive().isLessThan(150);
    // Probes every 5 steps: the crossing needs four of them.
    long steps = reached.get("time_to_r2_steps").asLong();
    assertThat(steps).isGreaterThanOrEqualTo(20);
    assertThat(steps % 5).isZero();
    assertThat(reached.get("probes").asLong()).isGreaterThanOrEqualTo(4);

    JsonNode gaveUp = bench("--time-to-r2", "0.999999", "--give-up-after", "3");
    assertThat(gaveUp.get("reached").asBoolean()).isFalse();
    assertThat(gaveUp.get("time_to_r2_s").isNull()).isTrue();
    assertThat(gaveUp.get("gave_up_after_s").asDouble()).isEqualTo(3.0);
    assertThat(lastOutput).contains("idtrain: gave up: the median R² of the last 4 probes did not reach 0.999999");
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
      lastOutput = output;
      String json = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no JSON in:\n" + output));
      return new ObjectMapper().readTree(json);
    }
  }
}
