package dev.idtrain.cli;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Config;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.probe.PaperReference;
import dev.idtrain.stream.TrainingPipeline;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.telemetry.ConfigEntry;
import dev.idtrain.telemetry.RunInfo;
import dev.idtrain.telemetry.Telemetry;
import dev.idtrain.telemetry.TelemetryOptions;
import dev.idtrain.telemetry.TrainingEvent;
import dev.idtrain.train.Devices;
import dev.idtrain.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.ConnectableFlux;

/**
 * One run of the daemon: fresh or resumed from its directory's newest checkpoint, its events
 * feeding the console, probes.csv, the run record and the metrics endpoint. Everything that can
 * refuse the run (config, device, checkpoint conflict, metrics port) does so in {@link #open}
 * before the run directory is touched.
 */
final class RunSession implements AutoCloseable {
  private static final double PROGRESS_SECONDS = 5;

  private final RunDirectory dir;
  private final TrainingPipeline pipeline;
  private final ConnectableFlux<TrainingEvent> events;
  private final Telemetry telemetry;
  private final ProbeLog probes;
  private final RunRecord record;
  private final CompletableFuture<Void> finished;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final long startNanos = System.nanoTime();

  private RunSession(RunDirectory dir, TrainingPipeline pipeline,
      ConnectableFlux<TrainingEvent> events, Telemetry telemetry, ProbeLog probes,
      RunRecord record, PrintStream console) {
    this.dir = dir;
    this.pipeline = pipeline;
    this.events = events;
    this.telemetry = telemetry;
    this.probes = probes;
    this.record = record;
    // Errors reach the caller through `finished`; the other subscribers just stop.
    events.subscribe(record, error -> { });
    events.subscribe(new Progress(console, PROGRESS_SECONDS), error -> { });
    events.subscribe(probes::record, error -> { });
    this.finished = events.then().toFuture();
  }

  /** @param steps the step count at which the run stops by itself */
  static RunSession open(Config config, Path runDir, long steps, PrintStream console)
      throws IOException {
    Device device = Devices.prepare(config.train());
    RunDirectory dir = new RunDirectory(runDir != null ? runDir : Path.of("runs", config.run().id()));
    CheckpointStore store = dir.checkpoints(config);
    Checkpoint resume = Resume.find(store, config, dir.path());
    DataGeneratingProcess dgp = resume == null
        ? DataGeneratingProcess.create(config.dgp(), config.run().seed())
        : Resume.process(config, resume);
    RunInfo info = runInfo(config, device);
    long firstStep = resume == null ? 0 : resume.step();
    TrainingPipeline pipeline = new TrainingPipeline(config, dgp, info);
    Telemetry telemetry = null;
    try {
      ConnectableFlux<TrainingEvent> events = pipeline
          .events(() -> new Trainer(config, dgp, device, store, resume), steps).publish();
      telemetry = config.telemetry().enabled()
          ? Telemetry.start(config.telemetry().bind(), config.telemetry().port(), info,
              configEntries(config), events, TelemetryOptions.defaults())
          : null;
      ProbeLog probes = dir.open(config, firstStep);
      console.printf("idtrain %s: run %s on %s, %s at step %d, writing %s%n", info.version(),
          info.run(), info.device(), resume == null ? "starting" : "resuming", firstStep, dir.path());
      if (telemetry != null) {
        console.println("metrics: " + telemetry.url());
        console.println("live page: " + telemetry.pageUrl());
      }
      return new RunSession(dir, pipeline, events, telemetry, probes, new RunRecord(info.run()), console);
    } catch (IOException | RuntimeException e) {
      if (telemetry != null) {
        telemetry.close();
      }
      pipeline.close();
      throw e;
    }
  }

  static RunInfo runInfo(Config config, Device device) {
    Config.Dgp dgp = config.dgp();
    return new RunInfo(config.run().id(), lower(config.train().objective()), dgp.dim(),
        dgp.classes(), dgp.instances(), lower(dgp.conditional()), dgp.kappa(),
        device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu", Version.get(),
        PaperReference.r2(config));
  }

  /** Every key with its value and default, as the live page lists them. */
  static List<ConfigEntry> configEntries(Config config) {
    Map<String, Object> defaults = ConfigLoader.flatten(ConfigLoader.defaults());
    return ConfigLoader.flatten(config).entrySet().stream()
        .map(e -> new ConfigEntry(e.getKey(), String.valueOf(e.getValue()),
            String.valueOf(defaults.get(e.getKey()))))
        .toList();
  }

  void start() {
    events.connect();
  }

  /** Asks the run to stop after the step in progress (and not to linger after it). */
  void stop() {
    stopRequested.countDown();
    pipeline.stop();
  }

  /**
   * Keeps serving metrics for a while after a run ended by itself, so that Prometheus scrapes
   * its final state (stopped, or failed) before the process goes away; a stop request ends the
   * wait at once.
   */
  void linger(Duration duration, PrintStream console) throws InterruptedException {
    if (telemetry != null && !duration.isZero() && stopRequested.getCount() > 0) {
      console.printf("serving the final metrics for %d s (telemetry.lingerSeconds)%n", duration.toSeconds());
      stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Waits for the run to end, then writes summary.json. */
  RunRecord awaitEnd() throws IOException {
    finished.join();
    dir.writeSummary(record.summary((System.nanoTime() - startNanos) / 1e9));
    return record;
  }

  Optional<String> metricsUrl() {
    return Optional.ofNullable(telemetry).map(Telemetry::url);
  }

  @Override
  public void close() throws IOException {
    try (pipeline; probes) {
      if (telemetry != null) {
        telemetry.close();
      }
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
