package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run's metrics endpoint, scraped over HTTP, against what the run wrote itself. */
class RunTelemetryTest {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  @TempDir Path dir;

  record Sample(String name, Map<String, String> labels, double value) {}

  @Test
  void everyDesignMetricIsServedWithItsLabelsAndTheRunsOwnFigures() throws Exception {
    // fp32: the engine's matmul precision is process-wide, and other tests in this JVM expect fp32.
    Config config = ConfigLoader.load(null, List.of("dgp.conditionPool=200", "train.batchSize=256",
        "probe.samples=1024", "probe.every=5", "telemetry.port=0", "train.precision=fp32"));
    String scraped;
    try (RunSession session = RunSession.open(config, dir, 30, new PrintStream(OutputStream.nullOutputStream()))) {
      String url = session.metricsUrl().orElseThrow();
      assertThat(get(url.replace("/metrics", "/-/ready")).statusCode()).isEqualTo(503);
      session.start();
      session.awaitEnd();
      assertThat(get(url.replace("/metrics", "/-/ready")).statusCode()).isEqualTo(200);
      scraped = get(url).body();
    }
    Map<String, String> types = types(scraped);
    List<Sample> samples = samples(scraped);

    for (String counter : List.of("idtrain_steps", "idtrain_samples", "idtrain_nonfinite_steps",
        "idtrain_probes_dropped", "idtrain_checkpoints", "idtrain_rollbacks")) {
      // The text format names a counter's family by its sample, with the _total suffix.
      assertThat(types).containsEntry(counter + "_total", "counter");
      assertThat(samples).anyMatch(s -> s.name().equals(counter + "_total"));
    }
    for (String gauge : List.of("idtrain_loss", "idtrain_learning_rate", "idtrain_grad_norm",
        "idtrain_batch_queue_depth", "idtrain_identifiability_r2", "idtrain_identifiability_r2_dim",
        "idtrain_orthogonality_mae", "idtrain_cluster_r2", "idtrain_cluster_r2_linear",
        "idtrain_cluster_orthogonality_mae", "idtrain_alignment", "idtrain_accuracy",
        "idtrain_temperature_ratio", "idtrain_run_info", "idtrain_run_state")) {
      assertThat(types).as(gauge).containsEntry(gauge, "gauge");
    }
    for (String histogram : List.of("idtrain_step_seconds", "idtrain_sampler_seconds", "idtrain_probe_seconds")) {
      assertThat(types).containsEntry(histogram, "histogram");
      assertThat(samples).anyMatch(s -> s.name().equals(histogram + "_bucket") && s.labels().containsKey("le"));
    }
    assertThat(samples).filteredOn(s -> s.name().startsWith("jvm_") || s.name().startsWith("process_"))
        .extracting(Sample::name).contains("jvm_memory_used_bytes", "process_resident_memory_bytes");
    assertThat(samples).allSatisfy(s -> assertThat(s.labels())
        .containsEntry("run", config.run().id()).containsEntry("objective", "supervised"));

    assertThat(value(samples, "idtrain_steps_total", Map.of())).isEqualTo(30);
    assertThat(value(samples, "idtrain_samples_total", Map.of())).isEqualTo(30 * 256);
    assertThat(value(samples, "idtrain_run_state", Map.of("state", "stopped"))).isEqualTo(1);
    assertThat(samples).filteredOn(s -> s.name().equals("idtrain_identifiability_r2_dim"))
        .extracting(s -> s.labels().get("dim")).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
    assertThat(samples).filteredOn(s -> s.name().equals("idtrain_run_info")).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("dim", "5").containsEntry("classes", "100")
            .containsEntry("conditional", "vmf").containsEntry("device", "cpu"));

    List<String> csv = Files.readAllLines(dir.resolve("probes.csv"));
    String[] last = csv.get(csv.size() - 1).split(",");
    assertThat(value(samples, "idtrain_last_probe_step", Map.of())).isEqualTo(Double.parseDouble(last[0]));
    assertThat(value(samples, "idtrain_identifiability_r2", Map.of("map", "affine"))).isCloseTo(parse(last[3]), within(1e-5));
    assertThat(value(samples, "idtrain_identifiability_r2", Map.of("map", "linear"))).isCloseTo(parse(last[4]), within(1e-5));
    assertThat(value(samples, "idtrain_orthogonality_mae", Map.of())).isCloseTo(parse(last[5]), within(1e-5));
    assertThat(value(samples, "idtrain_cluster_r2", Map.of())).isCloseTo(parse(last[6]), within(1e-5));
    assertThat(value(samples, "idtrain_cluster_r2_linear", Map.of())).isCloseTo(parse(last[7]), within(1e-5));
    assertThat(value(samples, "idtrain_cluster_orthogonality_mae", Map.of())).isCloseTo(parse(last[8]), within(1e-5));
    assertThat(value(samples, "idtrain_alignment", Map.of())).isCloseTo(parse(last[9]), within(1e-5));
    assertThat(value(samples, "idtrain_accuracy", Map.of())).isCloseTo(parse(last[10]), within(1e-5));
  }

  private static double parse(String csvField) {
    return Double.parseDouble(csvField);
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + labels)).value();
  }

  private static Map<String, String> types(String exposition) {
    Map<String, String> types = new HashMap<>();
    exposition.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" "))
        .forEach(parts -> types.put(parts[2], parts[3]));
    return types;
  }

  private static List<Sample> samples(String exposition) {
    return exposition.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).map(line -> {
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      Map<String, String> labels = new HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      return new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
    }).toList();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
