package dev.idtrain.telemetry.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import dev.idtrain.telemetry.Events;
import dev.idtrain.telemetry.Exposition;

/** The meters without the HTTP endpoint: in the endpoint's registry, and in any other. */
class TrainingMetersTest {

  @Test
  void subscribeFeedsTheMetersAndDisposeStops() {
    try (Scraped meters = Scraped.of(Events.INFO)) {
      Sinks.Many<TrainingEvent> sink = Sinks.many().multicast().directBestEffort();
      Disposable subscription = meters.subscribe(sink.asFlux());
      sink.tryEmitNext(Events.step(1));
      sink.tryEmitNext(Events.step(2));
      assertThat(meters.ready()).isTrue();
      assertThat(steps(meters)).isEqualTo(2);

      subscription.dispose();
      sink.tryEmitNext(Events.step(3));
      assertThat(steps(meters)).isEqualTo(2);
    }
  }

  @Test
  void aColdFluxWorksToo() {
    try (Scraped meters = Scraped.of(Events.INFO)) {
      meters.subscribe(Flux.range(1, 100).map(Events::step));
      assertThat(steps(meters)).isEqualTo(100);
    }
  }

  @Test
  void oddEventsNeverThrowAtThePublisher() {
    try (Scraped meters = Scraped.of(Events.INFO)) {
      assertThatCode(() -> {
        meters.onEvent(null);
        meters.onEvent(new Step(1, 10, 1, 1, 1, true, Double.NaN, -1, -5, 0));
        meters.onEvent(new Step(2, 20, 1, 1, 1, true, Double.POSITIVE_INFINITY, 1e12, 0, 0));
        meters.onEvent(new Probe(3, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, Double.NaN, List.of()));
        meters.onEvent(new Probe(4, 0, 0, 0, 0, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            0, 0, 0, 0, 0, 0, 0, 1, List.of()));
        meters.onEvent(new Checkpointed(5, -1, -1));
      }).doesNotThrowAnyException();
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.value("idtrain_steps_total")).isEqualTo(2);
      // Times that are not a duration are not observed.
      assertThat(e.value("idtrain_step_seconds_count")).isZero();
      assertThat(e.value("idtrain_sampler_seconds_count")).isEqualTo(1);
      assertThat(e.samples("idtrain_identifiability_r2_dim")).hasSize(5);
    }
  }

  @Test
  void eachReferenceSeriesIsExposedWhereThePaperHasTheFigure() {
    RunInfo dietRow = new RunInfo("r", "diet", 20, 100, 1000, "vmf", 10, "cpu", "fp32", "dev",
        new RunInfo.Reference("Tab. 2 d20, normalised rows", 0.708, 0.971, 0.03, 0.0,
            List.of()));
    try (Scraped meters = Scraped.of(dietRow)) {
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.value("idtrain_reference_r2")).isEqualTo(0.708);
      assertThat(e.value("idtrain_reference_cluster_r2")).isEqualTo(0.971);
      assertThat(e.value("idtrain_reference_orthogonality_mae")).isEqualTo(0.03);
      assertThat(e.value("idtrain_reference_cluster_orthogonality_mae")).isEqualTo(0.0);
    }
    try (Scraped meters = Scraped.of(Events.INFO)) {
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.value("idtrain_reference_r2")).isEqualTo(0.998);
      assertThat(e.type("idtrain_reference_cluster_r2")).isNull();
      assertThat(e.type("idtrain_reference_orthogonality_mae")).isNull();
      assertThat(e.type("idtrain_reference_cluster_orthogonality_mae")).isNull();
    }
  }

  @Test
  void aSpritesRunExposesEachFactorsCorrelationAndR2() {
    RunInfo.Reference tab4 = new RunInfo.Reference("Tab. 4 MLP", Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, List.of(new RunInfo.FactorReference("scale", 0.98, 0.62),
            new RunInfo.FactorReference("x", 0.97, 0.92)));
    RunInfo sprites = new RunInfo("r", "supervised", 3, 3, 0, "none", Double.NaN, "cpu", "fp32",
        "dev", tab4, "", "", "sprites", List.of("scale", "x", "y", "orientation"));
    try (Scraped meters = Scraped.of(sprites)) {
      meters.onEvent(new Probe(100, 1, 0.5, 0.9, 0.8, List.of(0.7, 0.95, 0.96), Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, 0.5, 0.99, Double.NaN, 0.1, List.of(
              new TrainingEvent.FactorFigure("scale", 0.84, 0.7),
              new TrainingEvent.FactorFigure("x", 0.97, 0.95),
              new TrainingEvent.FactorFigure("y", 0.98, 0.96),
              new TrainingEvent.FactorFigure("orientation", 0.4, 0.16))));
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.samples("idtrain_factor_correlation")).hasSize(4);
      assertThat(e.value("idtrain_factor_correlation", "factor", "x")).isEqualTo(0.97);
      assertThat(e.value("idtrain_factor_r2", "factor", "orientation")).isEqualTo(0.16);
      assertThat(e.samples("idtrain_run_info").get(0).labels()).containsEntry("process", "sprites");
      assertThat(e.value("idtrain_pixel_baseline_correlation", "factor", "x")).isNaN();
      assertThat(e.samples("idtrain_reference_factor_correlation")).hasSize(2);
      assertThat(e.value("idtrain_reference_factor_correlation", "factor", "scale")).isEqualTo(0.98);
      assertThat(e.value("idtrain_reference_pixel_correlation", "factor", "x")).isEqualTo(0.92);
      assertThat(e.type("idtrain_reference_r2")).isNull();
      meters.onEvent(new TrainingEvent.PixelBaseline(0, List.of(
          new TrainingEvent.FactorFigure("scale", 0.7, 0.5),
          new TrainingEvent.FactorFigure("x", 0.88, 0.78)), 30));
      e = Exposition.parseText(meters.scrape());
      assertThat(e.value("idtrain_pixel_baseline_correlation", "factor", "x")).isEqualTo(0.88);
      assertThat(e.value("idtrain_pixel_baseline_correlation", "factor", "y")).isNaN();
    }
    try (Scraped meters = Scraped.of(Events.INFO)) {
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.type("idtrain_factor_correlation")).isNull();
      assertThat(e.type("idtrain_reference_factor_correlation")).isNull();
    }
  }

  @Test
  void referenceR2IsOnlyExposedWhenThePaperHasOne() {
    RunInfo noReference =
        new RunInfo("r", "diet", 3, 10, 100, "laplace", 2.5, "gpu:0", "bf16", "dev", RunInfo.Reference.NONE);
    try (Scraped meters = Scraped.of(noReference)) {
      Exposition e = Exposition.parseText(meters.scrape());
      assertThat(e.type("idtrain_reference_r2")).isNull();
      assertThat(e.samples("idtrain_identifiability_r2_dim")).hasSize(3);
      assertThat(e.samples("idtrain_run_info").get(0).labels())
          .containsEntry("kappa", "2.5")
          .containsEntry("objective", "diet")
          .containsEntry("device", "gpu:0")
          .containsEntry("precision", "bf16");
    }
  }

  @Test
  void aSweepsRunLabelsEverySeriesWithItsSweepAndPoint() {
    RunInfo inSweep = new RunInfo("r", "diet", 3, 10, 100, "vmf", 10, "cpu", "fp32", "dev",
        new RunInfo.Reference("Tab. 2 n1000", 0.99, 0.999, Double.NaN, Double.NaN, List.of()), "paper", "diet-d5",
        RunInfo.SPHERE, List.of());
    try (Scraped meters = Scraped.of(inSweep)) {
      List<Exposition.Sample> samples = Exposition.parseText(meters.scrape()).samples();
      assertThat(samples).hasSizeGreaterThan(50).allSatisfy(s -> assertThat(s.labels())
          .as(s.name()).containsEntry("run", "r").containsEntry("sweep", "paper").containsEntry("point", "diet-d5"));
    }
    RunInfo alone = new RunInfo("r", "diet", 3, 10, 100, "vmf", 10, "cpu", "fp32", "dev",
        new RunInfo.Reference("Tab. 2 n1000", 0.99, 0.999, Double.NaN, Double.NaN, List.of()));
    try (Scraped meters = Scraped.of(alone)) {
      assertThat(Exposition.parseText(meters.scrape()).samples())
          .allSatisfy(s -> assertThat(s.labels()).doesNotContainKeys("sweep", "point"));
    }
  }

  @Test
  void scrapesWithinTheCacheTtlShareOneCollection() {
    try (Scraped meters = Scraped.cached(Events.INFO, Duration.ofMillis(300))) {
      meters.onEvent(Events.step(1));
      assertThat(steps(meters)).isEqualTo(1);
      meters.onEvent(Events.step(2));
      meters.advance(Duration.ofMillis(299));
      assertThat(steps(meters)).isEqualTo(1);
      meters.advance(Duration.ofMillis(1));
      assertThat(steps(meters)).isEqualTo(2);
    }
  }

  @Test
  void bindsToAnyRegistry() {
    TrainingMeters meters = new TrainingMeters(Events.INFO);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    meters.bindTo(registry);
    meters.onEvent(Events.step(1));
    meters.onEvent(Events.step(2));
    meters.onEvent(Events.probe(750, 2));

    assertThat(registry.get("idtrain.steps").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("idtrain.step").timer().count()).isEqualTo(2);
    assertThat(registry.get("idtrain.identifiability.r2").tag("map", "affine").gauge().value())
        .isEqualTo(0.75);
    assertThat(registry.get("idtrain.identifiability.r2.dim").gauges()).hasSize(Events.INFO.dim());
    // Only the run's own meters: the JVM's and the process's belong to the endpoint's registry.
    assertThat(registry.getMeters()).allMatch(m -> m.getId().getName().startsWith("idtrain."));
  }

  @Test
  void residentMemoryFromProcStatus(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads: 9\n");
    assertThat(new ProcessMemoryMetrics(status).read("VmRSS:")).isEqualTo(123456 * 1024.0);
    assertThat(new ProcessMemoryMetrics(dir.resolve("missing")).read("VmRSS:")).isNaN();
  }

  /**
   * The publishing thread is the training thread: an event costs it one small allocation and no
   * lock. Counted in bytes, which a loaded machine does not change; what the meters cost a run
   * in time, {@code bench} measures ({@code telemetry_on_to_off}).
   */
  @Test
  void onEventAllocatesLittleOnThePublishingThread() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    try (Scraped meters = Scraped.of(Events.INFO)) {
      Step[] steps = new Step[1000];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = Events.step(i + 1);
      }
      for (int round = 0; round < 20; round++) { // warm up
        for (Step s : steps) {
          meters.onEvent(s);
        }
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      int n = 0;
      for (int round = 0; round < 20; round++) {
        for (Step s : steps) {
          meters.onEvent(s);
          n++;
        }
      }
      double bytesPerEvent = (threads.getCurrentThreadAllocatedBytes() - before) / (double) n;
      assertThat(bytesPerEvent).isLessThan(256);
    }
  }

  private static double steps(Scraped meters) {
    return Exposition.parseText(meters.scrape()).value("idtrain_steps_total");
  }
}
