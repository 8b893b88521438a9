package dev.idtrain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.idtrain.telemetry.TrainingEvent.Checkpointed;
import dev.idtrain.telemetry.TrainingEvent.Probe;
import dev.idtrain.telemetry.TrainingEvent.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The meters without the HTTP endpoint, as a benchmark would use them. */
class TrainingMetersTest {

  @Test
  void subscribeFeedsTheMetersAndDisposeStops() {
    try (TrainingMeters meters = TrainingMeters.create(Events.INFO, Duration.ZERO)) {
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
    try (TrainingMeters meters = TrainingMeters.create(Events.INFO, Duration.ZERO)) {
      meters.subscribe(Flux.range(1, 100).map(Events::step));
      assertThat(steps(meters)).isEqualTo(100);
    }
  }

  @Test
  void oddEventsNeverThrowAtThePublisher() {
    try (TrainingMeters meters = TrainingMeters.create(Events.INFO, Duration.ZERO)) {
      assertThatCode(() -> {
        meters.onEvent(null);
        meters.onEvent(new Step(1, 10, 1, 1, 1, true, Double.NaN, -1, -5, 0));
        meters.onEvent(new Step(2, 20, 1, 1, 1, true, Double.POSITIVE_INFINITY, 1e12, 0, 0));
        meters.onEvent(new Probe(3, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, Double.NaN));
        meters.onEvent(new Probe(4, 0, 0, 0, 0, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            0, 0, 0, 0, 0, 1));
        meters.onEvent(new Checkpointed(5, -1, -1));
      }).doesNotThrowAnyException();
      Exposition e = Exposition.parseText(meters.registry().scrape());
      assertThat(e.value("idtrain_steps_total")).isEqualTo(2);
      // Times that are not a duration are not observed.
      assertThat(e.value("idtrain_step_seconds_count")).isZero();
      assertThat(e.value("idtrain_sampler_seconds_count")).isEqualTo(1);
      assertThat(e.samples("idtrain_identifiability_r2_dim")).hasSize(5);
    }
  }

  @Test
  void referenceR2IsOnlyExposedWhenThePaperHasOne() {
    RunInfo noReference =
        new RunInfo("r", "diet", 3, 10, 100, "laplace", 2.5, "gpu:0", "dev", Double.NaN);
    try (TrainingMeters meters = TrainingMeters.create(noReference, Duration.ZERO)) {
      Exposition e = Exposition.parseText(meters.registry().scrape());
      assertThat(e.type("idtrain_reference_r2")).isNull();
      assertThat(e.samples("idtrain_identifiability_r2_dim")).hasSize(3);
      assertThat(e.samples("idtrain_run_info").get(0).labels())
          .containsEntry("kappa", "2.5")
          .containsEntry("objective", "diet")
          .containsEntry("device", "gpu:0");
    }
  }

  @Test
  void aSweepsRunLabelsEverySeriesWithItsSweepAndPoint() {
    RunInfo inSweep = new RunInfo("r", "diet", 3, 10, 100, "vmf", 10, "cpu", "dev", 0.99, "paper", "diet-d5");
    try (TrainingMeters meters = TrainingMeters.create(inSweep, Duration.ZERO)) {
      List<Exposition.Sample> samples = Exposition.parseText(meters.registry().scrape()).samples();
      assertThat(samples).hasSizeGreaterThan(50).allSatisfy(s -> assertThat(s.labels())
          .as(s.name()).containsEntry("run", "r").containsEntry("sweep", "paper").containsEntry("point", "diet-d5"));
    }
    RunInfo alone = new RunInfo("r", "diet", 3, 10, 100, "vmf", 10, "cpu", "dev", 0.99);
    try (TrainingMeters meters = TrainingMeters.create(alone, Duration.ZERO)) {
      assertThat(Exposition.parseText(meters.registry().scrape()).samples())
          .allSatisfy(s -> assertThat(s.labels()).doesNotContainKeys("sweep", "point"));
    }
  }

  @Test
  void scrapesWithinTheCacheTtlShareOneCollection() throws InterruptedException {
    try (TrainingMeters meters = TrainingMeters.create(Events.INFO, Duration.ofMillis(300))) {
      meters.onEvent(Events.step(1));
      assertThat(steps(meters)).isEqualTo(1);
      meters.onEvent(Events.step(2));
      assertThat(steps(meters)).isEqualTo(1);
      Thread.sleep(350);
      assertThat(steps(meters)).isEqualTo(2);
    }
  }

  @Test
  void residentMemoryFromProcStatus(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads: 9\n");
    assertThat(new ProcessMemoryMetrics(status).read("VmRSS:")).isEqualTo(123456 * 1024.0);
    assertThat(new ProcessMemoryMetrics(dir.resolve("missing")).read("VmRSS:")).isNaN();
  }

  @Test
  void onEventCostsLittleOnThePublishingThread() {
    try (TrainingMeters meters = TrainingMeters.create(Events.INFO, Duration.ZERO)) {
      Step[] steps = new Step[1000];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = Events.step(i + 1);
      }
      for (int round = 0; round < 200; round++) { // warm up
        for (Step s : steps) {
          meters.onEvent(s);
        }
      }
      long start = System.nanoTime();
      int n = 0;
      for (int round = 0; round < 200; round++) {
        for (Step s : steps) {
          meters.onEvent(s);
          n++;
        }
      }
      double nanosPerEvent = (System.nanoTime() - start) / (double) n;
      System.out.printf("onEvent(Step): %.0f ns per event%n", nanosPerEvent);
      // A training step takes milliseconds; a generous bound that only catches a regression
      // such as a lock or an allocation-heavy path.
      assertThat(nanosPerEvent).isLessThan(20_000);
    }
  }

  private static double steps(TrainingMeters meters) {
    return Exposition.parseText(meters.registry().scrape()).value("idtrain_steps_total");
  }
}
