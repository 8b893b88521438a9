package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.ProbeDropped;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;
import dev.idtrain.event.TrainingEvent.RunFile;
import dev.idtrain.event.TrainingEvent.WriteFailed;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import dev.idtrain.telemetry.http.TelemetryOptions;

/** Real HTTP scrapes of the endpoint after synthetic events published through a hot Flux. */
class TelemetryEndpointTest {

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("idtrain_steps_total", "counter"),
          Map.entry("idtrain_samples_total", "counter"),
          Map.entry("idtrain_nonfinite_steps_total", "counter"),
          Map.entry("idtrain_probes_dropped_total", "counter"),
          Map.entry("idtrain_probe_failures_total", "counter"),
          Map.entry("idtrain_checkpoints_total", "counter"),
          Map.entry("idtrain_rollbacks_total", "counter"),
          Map.entry("idtrain_checkpoint_failures_total", "counter"),
          Map.entry("idtrain_probe_log_failures_total", "counter"),
          Map.entry("idtrain_loss", "gauge"),
          Map.entry("idtrain_learning_rate", "gauge"),
          Map.entry("idtrain_grad_norm", "gauge"),
          Map.entry("idtrain_batch_queue_depth", "gauge"),
          Map.entry("idtrain_identifiability_r2", "gauge"),
          Map.entry("idtrain_identifiability_r2_dim", "gauge"),
          Map.entry("idtrain_orthogonality_mae", "gauge"),
          Map.entry("idtrain_cluster_r2", "gauge"),
          Map.entry("idtrain_cluster_r2_linear", "gauge"),
          Map.entry("idtrain_cluster_orthogonality_mae", "gauge"),
          Map.entry("idtrain_alignment", "gauge"),
          Map.entry("idtrain_accuracy", "gauge"),
          Map.entry("idtrain_temperature_ratio", "gauge"),
          Map.entry("idtrain_run_info", "gauge"),
          Map.entry("idtrain_run_state", "gauge"),
          Map.entry("idtrain_reference_r2", "gauge"),
          Map.entry("idtrain_last_step", "gauge"),
          Map.entry("idtrain_last_probe_step", "gauge"),
          Map.entry("idtrain_step_seconds", "histogram"),
          Map.entry("idtrain_sampler_seconds", "histogram"),
          Map.entry("idtrain_probe_seconds", "histogram"),
          Map.entry("idtrain_checkpoint_seconds", "histogram"),
          Map.entry("jvm_memory_used_bytes", "gauge"),
          Map.entry("jvm_gc_memory_allocated_bytes_total", "counter"),
          Map.entry("jvm_threads_live_threads", "gauge"),
          Map.entry("jvm_classes_loaded_classes", "gauge"),
          Map.entry("process_cpu_usage", "gauge"),
          Map.entry("system_cpu_count", "gauge"),
          Map.entry("process_files_open_files", "gauge"),
          Map.entry("process_uptime_seconds", "gauge"),
          Map.entry("process_resident_memory_bytes", "gauge"));

  private final Http http = new Http();
  private Sinks.Many<TrainingEvent> sink;
  private Telemetry telemetry;

  @BeforeEach
  void start() {
    sink = Sinks.many().multicast().directBestEffort();
    // No scrape cache: each scrape must show every event published before it.
    telemetry =
        Telemetry.start("127.0.0.1", 0, Events.INFO, sink.asFlux(),
            TelemetryOptions.defaults().withScrapeCacheTtl(Duration.ZERO));
  }

  @AfterEach
  void stop() {
    telemetry.close();
  }

  private void publish(TrainingEvent event) {
    assertThat(sink.tryEmitNext(event)).isEqualTo(Sinks.EmitResult.OK);
  }

  @Test
  void urlNamesTheBoundPort() {
    assertThat(telemetry.port()).isPositive();
    assertThat(telemetry.url()).isEqualTo("http://127.0.0.1:" + telemetry.port() + "/metrics");
  }

  @Test
  void everySeriesIsExposedWithItsTypeAndTheRunLabels() {
    publish(new Started(0, Events.INFO));
    int steps = 37;
    for (int i = 1; i <= steps; i++) {
      publish(Events.step(i));
    }
    publish(Events.probe(1, 20));
    Probe last = Events.probe(2, 30);
    publish(last);
    publish(new ProbeDropped(31));
    publish(new Checkpointed(32, 1 << 20, 0.03));

    Exposition e = http.scrape(telemetry.url());

    TYPES.forEach((name, type) -> assertThat(e.type(name)).as(name).isEqualTo(type));
    assertThat(e.samples()).allSatisfy(s -> {
      assertThat(s.labels()).containsEntry("run", "test-run");
      assertThat(s.labels()).containsEntry("objective", "supervised");
    });

    assertThat(e.value("idtrain_steps_total")).isEqualTo(steps);
    assertThat(e.value("idtrain_samples_total")).isEqualTo(steps * (double) Events.BATCH);
    assertThat(e.value("idtrain_nonfinite_steps_total")).isZero();
    assertThat(e.value("idtrain_probes_dropped_total")).isEqualTo(1);
    assertThat(e.value("idtrain_probe_failures_total")).isZero();
    assertThat(e.value("idtrain_checkpoints_total")).isEqualTo(1);
    assertThat(e.value("idtrain_rollbacks_total")).isZero();
    assertThat(e.value("idtrain_loss")).isEqualTo(1.0 / steps);
    assertThat(e.value("idtrain_learning_rate")).isEqualTo(1e-3);
    assertThat(e.value("idtrain_grad_norm")).isEqualTo(0.5);
    assertThat(e.value("idtrain_batch_queue_depth")).isEqualTo(3);
    assertThat(e.value("idtrain_last_step")).isEqualTo(steps);

    assertThat(e.value("idtrain_identifiability_r2", "map", "affine")).isEqualTo(last.r2Affine());
    assertThat(e.value("idtrain_identifiability_r2", "map", "linear")).isEqualTo(last.r2Linear());
    for (int d = 0; d < Events.INFO.dim(); d++) {
      assertThat(e.value("idtrain_identifiability_r2_dim", "dim", Integer.toString(d)))
          .isEqualTo(last.r2PerDim().get(d));
    }
    assertThat(e.samples("idtrain_identifiability_r2_dim")).hasSize(Events.INFO.dim());
    assertThat(e.value("idtrain_orthogonality_mae")).isEqualTo(last.orthogonalityMae());
    assertThat(e.value("idtrain_cluster_r2")).isEqualTo(last.clusterR2());
    assertThat(e.value("idtrain_cluster_r2_linear")).isEqualTo(last.clusterR2Linear());
    assertThat(e.value("idtrain_cluster_orthogonality_mae")).isEqualTo(last.clusterOrthogonalityMae());
    assertThat(e.value("idtrain_alignment")).isEqualTo(last.alignment());
    assertThat(e.value("idtrain_accuracy")).isEqualTo(last.accuracy());
    assertThat(e.value("idtrain_temperature_ratio")).isEqualTo(last.temperatureRatio());
    assertThat(e.value("idtrain_last_probe_step")).isEqualTo(30);
    assertThat(e.value("idtrain_reference_r2")).isEqualTo(0.998);

    Exposition.Sample info = e.samples("idtrain_run_info").get(0);
    assertThat(e.samples("idtrain_run_info")).hasSize(1);
    assertThat(info.value()).isEqualTo(1);
    assertThat(info.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(Map.entry("run", "test-run"), Map.entry("objective", "supervised"),
                Map.entry("process", "sphere"), Map.entry("dim", "5"), Map.entry("classes", "100"),
                Map.entry("instances", "10240"), Map.entry("conditional", "vmf"),
                Map.entry("kappa", "10"), Map.entry("device", "cpu"), Map.entry("precision", "fp32"),
                Map.entry("version", "0.1.0")));
    assertThat(e.value("idtrain_run_state", "state", "running")).isEqualTo(1);
    assertThat(e.value("idtrain_run_state", "state", "stopped")).isZero();
    assertThat(e.value("idtrain_run_state", "state", "failed")).isZero();

    assertThat(e.value("idtrain_step_seconds_count")).isEqualTo(steps);
    assertThat(e.value("idtrain_step_seconds_sum")).isCloseTo(steps * 0.004, within(1e-9));
    assertThat(e.value("idtrain_sampler_seconds_count")).isEqualTo(steps);
    assertThat(e.value("idtrain_probe_seconds_count")).isEqualTo(2);
    assertThat(e.value("idtrain_checkpoint_seconds_count")).isEqualTo(1);
    assertThat(e.samples("idtrain_step_seconds_bucket").stream().map(s -> s.label("le")))
        .containsExactly("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
            "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
    assertThat(e.value("idtrain_step_seconds_bucket", "le", "0.0025")).isZero();
    assertThat(e.value("idtrain_step_seconds_bucket", "le", "0.005")).isEqualTo(steps);

    assertThat(e.value("process_resident_memory_bytes")).isGreaterThan(1 << 20);
  }

  @Test
  void failedWritesAreCountedByFileAndReason() {
    publish(new WriteFailed(10, RunFile.CHECKPOINT, WriteFailure.NO_SPACE));
    publish(new WriteFailed(20, RunFile.CHECKPOINT, WriteFailure.NO_SPACE));
    publish(new WriteFailed(25, RunFile.PROBES, WriteFailure.NO_SPACE));
    publish(new WriteFailed(30, RunFile.CHECKPOINT, WriteFailure.IO_ERROR));

    Exposition e = http.scrape(telemetry.url());

    assertThat(e.value("idtrain_checkpoint_failures_total", "reason", "no_space")).isEqualTo(2);
    assertThat(e.value("idtrain_checkpoint_failures_total", "reason", "io_error")).isEqualTo(1);
    assertThat(e.value("idtrain_probe_log_failures_total", "reason", "no_space")).isEqualTo(1);
    assertThat(e.value("idtrain_probe_log_failures_total", "reason", "io_error")).isZero();
    assertThat(e.samples("idtrain_checkpoint_failures_total")).hasSize(WriteFailure.values().length);
    assertThat(e.value("idtrain_checkpoints_total")).isZero();
  }

  @Test
  void countersExistAtZeroAndProbeGaugesAreNaNBeforeAnyEvent() {
    Exposition e = http.scrape(telemetry.url());

    for (String counter : List.of("idtrain_steps_total", "idtrain_samples_total",
        "idtrain_nonfinite_steps_total", "idtrain_probes_dropped_total",
        "idtrain_checkpoints_total", "idtrain_rollbacks_total")) {
      assertThat(e.value(counter)).as(counter).isZero();
    }
    for (String counter : List.of("idtrain_checkpoint_failures_total",
        "idtrain_probe_log_failures_total")) {
      assertThat(e.samples(counter)).as(counter).hasSize(2)
          .allSatisfy(s -> assertThat(s.value()).isZero());
    }
    for (String gauge : List.of("idtrain_loss", "idtrain_orthogonality_mae", "idtrain_cluster_r2",
        "idtrain_alignment", "idtrain_accuracy", "idtrain_temperature_ratio",
        "idtrain_last_probe_step", "idtrain_last_step")) {
      assertThat(e.value(gauge)).as(gauge).isNaN();
    }
    assertThat(e.samples("idtrain_identifiability_r2")).allSatisfy(s -> assertThat(s.value()).isNaN());
    assertThat(e.samples("idtrain_identifiability_r2_dim"))
        .hasSize(5)
        .allSatisfy(s -> assertThat(s.value()).isNaN());
    assertThat(e.samples("idtrain_run_state")).allSatisfy(s -> assertThat(s.value()).isZero());
  }

  @Test
  void nonFiniteStepsRollbacksAndStatesAreCounted() {
    publish(new Started(0, Events.INFO));
    publish(Events.step(1));
    publish(new Step(2, 2048, Double.NaN, 1e-3, Double.POSITIVE_INFINITY, false, 0.004, 0.001, 2,
        0.02));
    publish(new RolledBack(1, 2, 5e-4, "loss not finite"));
    publish(new StateChanged(3, RunState.STOPPED, "done"));

    Exposition e = http.scrape(telemetry.url());

    assertThat(e.value("idtrain_steps_total")).isEqualTo(2);
    assertThat(e.value("idtrain_nonfinite_steps_total")).isEqualTo(1);
    assertThat(e.value("idtrain_rollbacks_total")).isEqualTo(1);
    assertThat(e.value("idtrain_learning_rate")).isEqualTo(5e-4);
    assertThat(e.value("idtrain_last_step")).isEqualTo(1);
    assertThat(e.value("idtrain_loss")).isNaN();
    assertThat(e.value("idtrain_grad_norm")).isInfinite();
    assertThat(e.value("idtrain_run_state", "state", "stopped")).isEqualTo(1);
    assertThat(e.value("idtrain_run_state", "state", "running")).isZero();
  }

  @Test
  void aFailedEventStreamMarksTheRunFailed() {
    publish(new Started(0, Events.INFO));
    sink.tryEmitError(new IllegalStateException("trainer crashed"));

    Exposition e = http.scrape(telemetry.url());

    assertThat(e.value("idtrain_run_state", "state", "failed")).isEqualTo(1);
    assertThat(e.value("idtrain_run_state", "state", "running")).isZero();
  }

  @Test
  void openMetricsWhenTheScraperAsksForIt() {
    publish(Events.step(1));

    Http.Response r =
        http.get(telemetry.url(), "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.text()).endsWith("# EOF\n");
    Exposition e = Exposition.parseOpenMetrics(r.text());
    assertThat(e.type("idtrain_steps")).isEqualTo("counter");
    assertThat(e.value("idtrain_steps_total")).isEqualTo(1);
    assertThat(e.type("idtrain_run")).isEqualTo("info");
    assertThat(e.value("idtrain_run_info")).isEqualTo(1);
    assertThat(e.type("idtrain_step_seconds")).isEqualTo("histogram");
  }

  @Test
  void prometheusTextFormatByDefault() {
    Http.Response r = http.get(telemetry.url(), "Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.text()).doesNotContain("# EOF");
    Exposition.parseText(r.text());
  }

  @Test
  void gzipWhenTheScraperAcceptsIt() {
    publish(Events.step(1));

    Http.Response r = http.get(telemetry.url(), "Accept-Encoding", "gzip");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentEncoding()).isEqualTo("gzip");
    String text = r.gunzipped();
    assertThat(r.body().length).isLessThan(text.length() / 3);
    assertThat(Exposition.parseText(text).value("idtrain_steps_total")).isEqualTo(1);

    Http.Response om =
        http.get(telemetry.url(), "Accept-Encoding", "deflate, gzip", "Accept",
            "application/openmetrics-text; version=1.0.0");
    assertThat(om.contentEncoding()).isEqualTo("gzip");
    Exposition.parseOpenMetrics(om.gunzipped());
  }

  @Test
  void healthyAlwaysReadyAfterTheFirstStep() {
    String base = "http://127.0.0.1:" + telemetry.port();
    assertThat(http.get(base + "/-/healthy").status()).isEqualTo(200);
    assertThat(http.get(base + "/-/ready").status()).isEqualTo(503);
    assertThat(http.send(base + "/-/ready", "HEAD").status()).isEqualTo(503);
    assertThat(telemetry.ready()).isFalse();

    publish(new Started(0, Events.INFO));
    publish(Events.probe(1, 0));
    assertThat(http.get(base + "/-/ready").status()).isEqualTo(503);

    publish(Events.step(1));
    assertThat(http.get(base + "/-/ready").status()).isEqualTo(200);
    assertThat(http.send(base + "/-/ready", "HEAD").status()).isEqualTo(200);
    assertThat(http.get(base + "/-/healthy").status()).isEqualTo(200);
    assertThat(telemetry.ready()).isTrue();
  }

  @Test
  void indexListsTheEndpointsAndUnknownPathsAre404() {
    String base = "http://127.0.0.1:" + telemetry.port();
    Http.Response index = http.get(base + "/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.text()).contains("/metrics", "/-/healthy", "/-/ready");
    assertThat(http.get(base + "/nope").status()).isEqualTo(404);
  }

  @Test
  void closingStopsTheEndpointAndTheSubscription() {
    publish(Events.step(1));
    int port = telemetry.port();
    telemetry.close();

    assertThat(sink.currentSubscriberCount()).isZero();
    assertThat(portIsFree(port)).isTrue();
  }

  @Test
  void nameFilterServesOnlyTheNamedSeries() {
    publish(Events.step(1));

    Exposition e = http.scrape(telemetry.url() + "?name[]=idtrain_steps_total");

    assertThat(e.families().keySet()).containsExactly("idtrain_steps_total");
    assertThat(e.value("idtrain_steps_total")).isEqualTo(1);
  }

  @Test
  void everyLabelValueIsBounded() {
    for (int i = 1; i <= 500; i++) {
      publish(Events.step(i * 7919L));
    }
    Exposition e = http.scrape(telemetry.url());
    Map<String, List<String>> idtrainLabelValues =
        e.samples().stream()
            .filter(s -> s.name().startsWith("idtrain_"))
            .flatMap(s -> s.labels().entrySet().stream())
            .collect(Collectors.groupingBy(Map.Entry::getKey,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    assertThat(idtrainLabelValues.keySet())
        .containsExactlyInAnyOrder("run", "objective", "map", "dim", "state", "le", "classes",
            "instances", "conditional", "kappa", "device", "precision", "version", "reason",
            "process");
    java.util.Set<String> stepNumbers = new java.util.HashSet<>();
    for (int i = 1; i <= 500; i++) {
      stepNumbers.add(Long.toString(i * 7919L));
    }
    assertThat(idtrainLabelValues.values().stream().flatMap(List::stream))
        .noneMatch(stepNumbers::contains);
  }

  private static boolean portIsFree(int port) {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
