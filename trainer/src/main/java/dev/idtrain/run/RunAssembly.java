package dev.idtrain.run;

import ai.djl.Device;
import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.checkpoint.CheckpointStore;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.config.DgpKind;
import dev.idtrain.config.SpriteFactor;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.ConfigView;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.engine.EngineSetup;
import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.PaperReference;
import dev.idtrain.stream.TrainingPipeline;
import dev.idtrain.telemetry.page.ConfigEntry;
import dev.idtrain.telemetry.Telemetry;
import dev.idtrain.telemetry.http.TelemetryOptions;
import dev.idtrain.train.TrainingLoop;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The one wiring of a run, shared by the daemon and the benchmark: the reactive pipeline, its
 * training loop (fresh or resumed), the published event stream and, when asked, the metrics
 * endpoint subscribed to it. Nothing flows until {@link #connect()}; subscribe first.
 */
public final class RunAssembly implements AutoCloseable {
  /** Where to serve metrics; null for none. */
  public record Endpoint(String bind, int port) {}

  private final TrainingPipeline pipeline;
  private final ConnectableFlux<TrainingEvent> events;
  private final Telemetry telemetry;
  private final Sinks.Many<TrainingEvent> reports;
  private final CompletableFuture<Void> finished;

  private RunAssembly(TrainingPipeline pipeline, ConnectableFlux<TrainingEvent> events,
      Sinks.Many<TrainingEvent> reports, Telemetry telemetry) {
    this.pipeline = pipeline;
    this.events = events;
    this.reports = reports;
    this.telemetry = telemetry;
    this.finished = events.then().toFuture();
  }

  /**
   * @param resume the checkpoint to continue from, or null for a fresh run
   * @param steps the step count at which the run stops by itself
   * @param endpoint where to serve metrics, or null for no endpoint
   * @throws dev.idtrain.telemetry.http.TelemetryBindException if the endpoint cannot be opened
   */
  public static RunAssembly assemble(Config config, DataGeneratingProcess dgp, EngineSetup engine,
      CheckpointStore store, Checkpoint resume, long steps, Endpoint endpoint) {
    RunInfo info = runInfo(config, engine);
    Device device = engine.device();
    TrainingPipeline pipeline = new TrainingPipeline(config, dgp, info);
    try {
      Sinks.Many<TrainingEvent> reports = Sinks.many().unicast().onBackpressureBuffer();
      ConnectableFlux<TrainingEvent> events = Flux.merge(
              pipeline.events(() -> new TrainingLoop(config, dgp, device, store, resume), steps)
                  .doFinally(signal -> reports.tryEmitComplete()),
              reports.asFlux())
          .publish();
      Telemetry telemetry = endpoint == null ? null
          : Telemetry.start(endpoint.bind(), endpoint.port(), info, configEntries(config), events,
              TelemetryOptions.defaults());
      return new RunAssembly(pipeline, events, reports, telemetry);
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  /** What the run is, as its events and meters describe it. */
  public static RunInfo runInfo(Config config, EngineSetup engine) {
    Config.Dgp dgp = config.dgp();
    String objective = ConfigView.lower(config.train().objective());
    if (dgp.kind() == DgpKind.SPRITES) {
      // d: the factors whose R² make up the identifiability figures (scale, x, y).
      return new RunInfo(config.run().id(), objective, SpriteFactor.values().length - 1,
          Architecture.SPRITE_SHAPES, 0, "none", Double.NaN, engine.deviceName(),
          engine.precisionName(), Version.get(), PaperReference.reference(config), config.run().sweep(),
          config.run().point(), ConfigView.lower(dgp.kind()), factors(config));
    }
    return new RunInfo(config.run().id(), objective, dgp.dim(), dgp.classes(), dgp.instances(),
        ConfigView.lower(dgp.conditional()), dgp.kappa(), engine.deviceName(),
        engine.precisionName(), Version.get(), PaperReference.reference(config),
        config.run().sweep(), config.run().point(), RunInfo.SPHERE, List.of());
  }

  /** The factors a run's probes decode: a sprite's, none on the sphere. */
  static List<String> factors(Config config) {
    return config.dgp().kind() == DgpKind.SPRITES ? SpriteFactor.labels() : List.of();
  }

  /** Every key with its value and default, as the live page lists them. */
  static List<ConfigEntry> configEntries(Config config) {
    Map<String, Object> defaults = ConfigView.flatten(ConfigLoader.defaults());
    return ConfigView.flatten(config).entrySet().stream()
        .map(e -> new ConfigEntry(e.getKey(), String.valueOf(e.getValue()),
            String.valueOf(defaults.get(e.getKey()))))
        .toList();
  }

  /** Adds a subscriber; errors reach the caller through {@link #finished()} instead. */
  public void subscribe(Consumer<TrainingEvent> subscriber) {
    events.subscribe(subscriber, error -> { });
  }

  /**
   * Adds an event from outside the training pipeline to the run's stream, e.g. a failed write
   * of a subscriber; one caller at a time. Events after the run ended are dropped.
   */
  public void report(TrainingEvent event) {
    reports.tryEmitNext(event);
  }

  /** Starts the run. */
  public void connect() {
    events.connect();
  }

  /** Completes when the run's last event was delivered; fails if the run did. */
  public CompletableFuture<Void> finished() {
    return finished;
  }

  /** Asks the run to stop after the step in progress. */
  public void stop() {
    pipeline.stop();
  }

  /** As {@link #stop()}, with the reason its final state will say. */
  public void stop(String reason) {
    pipeline.stop(reason);
  }

  public TrainingPipeline pipeline() {
    return pipeline;
  }

  public Optional<Telemetry> telemetry() {
    return Optional.ofNullable(telemetry);
  }

  @Override
  public void close() {
    try (pipeline) {
      if (telemetry != null) {
        telemetry.close();
      }
    }
  }
}
