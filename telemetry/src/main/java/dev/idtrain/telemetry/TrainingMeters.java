package dev.idtrain.telemetry;

import dev.idtrain.telemetry.TrainingEvent.Checkpointed;
import dev.idtrain.telemetry.TrainingEvent.Probe;
import dev.idtrain.telemetry.TrainingEvent.RunState;
import dev.idtrain.telemetry.TrainingEvent.Step;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The meters of one run (DESIGN §5), updated from {@link TrainingEvent}s only, in a Prometheus
 * registry of their own. Every series, the JVM's included, carries the labels {@code run} and
 * {@code objective}, and a sweep's runs {@code sweep} and, where their point has a label,
 * {@code point}.
 *
 * <p>Cost on the publishing thread: {@link #onEvent} records at most two histogram observations
 * (lock-free adders) and swaps one immutable {@link RunFigures}; it takes no lock a scrape holds,
 * allocates one small object, and never throws. Updating on the publisher's own thread is cheaper
 * than any hand-off to another thread would be.
 *
 * <p>Usable without the HTTP endpoint, e.g. by a benchmark: {@link #create}, {@link #subscribe},
 * then read {@link #registry()}.
 */
public final class TrainingMeters implements AutoCloseable {

  /** Histogram bucket bounds: 1 ms to 10 s, 1-2.5-5 per decade. */
  static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
          Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
          Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
          Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  private static final System.Logger LOG = System.getLogger(TrainingMeters.class.getName());

  private final RunInfo info;
  private final FigureSource figures = new FigureSource();
  private final PrometheusMeterRegistry registry;
  private final Timer stepTimer;
  private final Timer samplerTimer;
  private final Timer probeTimer;
  private final Timer checkpointTimer;
  private final JvmGcMetrics gcMetrics;
  private final JvmHeapPressureMetrics heapPressureMetrics;
  private final AtomicBoolean reportedFailure = new AtomicBoolean();

  private TrainingMeters(RunInfo info, Duration scrapeCacheTtl) {
    this.info = Objects.requireNonNull(info, "info");
    CachingRegistry prometheus =
        new CachingRegistry(scrapeCacheTtl, figures::pin, figures::unpin);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    registry.config().commonTags("run", text(info.run()), "objective", text(info.objective()));
    // A sweep's runs also say which sweep, and which of its points, they belong to.
    if (!text(info.sweep()).isEmpty()) {
      registry.config().commonTags("sweep", info.sweep());
    }
    if (!text(info.point()).isEmpty()) {
      registry.config().commonTags("point", info.point());
    }

    registerCounters();
    registerStepGauges();
    registerProbeGauges();
    registerRunGauges();
    stepTimer = timer("idtrain.step", "Wall time of a training step on the training thread");
    samplerTimer = timer("idtrain.sampler", "Time the sampler spent producing a step's batch");
    probeTimer = timer("idtrain.probe", "Wall time of an identifiability probe");
    checkpointTimer = timer("idtrain.checkpoint", "Time to write a checkpoint");

    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    heapPressureMetrics = new JvmHeapPressureMetrics();
    heapPressureMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new ProcessMemoryMetrics().bindTo(registry);
  }

  /** Meters for {@code info}, with the default scrape cache. */
  public static TrainingMeters create(RunInfo info) {
    return create(info, TelemetryOptions.defaults().scrapeCacheTtl());
  }

  /**
   * Meters for {@code info}; a collection of all meters is reused by scrapes for {@code
   * scrapeCacheTtl} (zero: every scrape collects).
   */
  public static TrainingMeters create(RunInfo info, Duration scrapeCacheTtl) {
    return new TrainingMeters(info, scrapeCacheTtl);
  }

  /** The registry to scrape (or to add meters to). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public RunInfo info() {
    return info;
  }

  /** True once the first Step event arrived. */
  public boolean ready() {
    return figures.current().ready();
  }

  /**
   * Subscribes to the trainer's events with unbounded demand, so the meters never hold the
   * publisher back. Meters are updated on the thread that emits each event. An error signal marks
   * the run failed; completion changes nothing. Dispose the result to stop.
   */
  public Disposable subscribe(Flux<? extends TrainingEvent> events) {
    return events.subscribe(this::onEvent, this::onStreamError);
  }

  /** Maps one event onto the meters. Cheap, lock-free, never throws. */
  public void onEvent(TrainingEvent event) {
    if (event == null) {
      return;
    }
    try {
      // Histograms first, then the figures: a scrape then never shows more steps in
      // idtrain_steps_total than in idtrain_step_seconds_count.
      if (event instanceof Step s) {
        record(stepTimer, s.stepSeconds());
        record(samplerTimer, s.samplerSeconds());
      } else if (event instanceof Probe p) {
        record(probeTimer, p.seconds());
      } else if (event instanceof Checkpointed c) {
        record(checkpointTimer, c.seconds());
      }
      figures.apply(event);
    } catch (RuntimeException e) {
      // A telemetry defect must never reach the training thread.
      if (reportedFailure.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "telemetry could not record " + event, e);
      }
    }
  }

  private void onStreamError(Throwable error) {
    figures.fail();
  }

  /** Stops the JVM binders' listeners and closes the registry. */
  @Override
  public void close() {
    gcMetrics.close();
    heapPressureMetrics.close();
    registry.close();
  }

  private static void record(Timer timer, double seconds) {
    if (seconds >= 0 && seconds < Double.POSITIVE_INFINITY) {
      timer.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .serviceLevelObjectives(BUCKETS.toArray(Duration[]::new))
        .publishPercentileHistogram(false)
        .register(registry);
  }

  private void registerCounters() {
    counter("idtrain.steps", "Training steps this process ran", RunFigures::steps);
    counter("idtrain.samples", "Samples in the training steps this process ran",
        RunFigures::samples);
    counter("idtrain.nonfinite.steps",
        "Steps skipped because their loss or gradient was not finite",
        RunFigures::nonfiniteSteps);
    counter("idtrain.probes.dropped",
        "Probe snapshots dropped because the previous probe was still running",
        RunFigures::probesDropped);
    counter("idtrain.checkpoints", "Checkpoints written", RunFigures::checkpoints);
    counter("idtrain.rollbacks", "Rollbacks to a checkpoint after divergence",
        RunFigures::rollbacks);
  }

  private void registerStepGauges() {
    gauge("idtrain.loss", "Cross-entropy loss of the latest step (NaN before the first)",
        RunFigures::loss);
    gauge("idtrain.learning.rate", "Learning rate of the latest step or rollback",
        RunFigures::learningRate);
    gauge("idtrain.grad.norm", "Gradient norm of the latest step", RunFigures::gradNorm);
    gauge("idtrain.batch.queue.depth",
        "Batches waiting in the prefetch queue after the latest step", RunFigures::queueDepth);
    gauge("idtrain.last.step",
        "The run's step number at the latest step: continues across resumes, goes back on a"
            + " rollback",
        RunFigures::lastStep);
  }

  private void registerProbeGauges() {
    String r2 =
        "R² of the best map from features to latents on held-out data, affine or linear (no"
            + " intercept), latest probe";
    Gauge.builder("idtrain.identifiability.r2", figures, f -> f.view().r2Affine())
        .tag("map", "affine").description(r2).register(registry);
    Gauge.builder("idtrain.identifiability.r2", figures, f -> f.view().r2Linear())
        .tag("map", "linear").description(r2).register(registry);
    for (int d = 0; d < info.dim(); d++) {
      int dim = d;
      Gauge.builder("idtrain.identifiability.r2.dim", figures, f -> f.view().r2Dim(dim))
          .tag("dim", Integer.toString(dim))
          .description("Affine R² of one latent dimension (latest probe)")
          .register(registry);
    }
    gauge("idtrain.orthogonality.mae",
        "Mean absolute deviation of the linear map's singular values from the predicted value"
            + " (latest probe)",
        RunFigures::orthogonalityMae);
    gauge("idtrain.cluster.r2", "R² of the affine map from head rows to cluster vectors",
        RunFigures::clusterR2);
    gauge("idtrain.alignment", "Mean cosine between features and their label's head row",
        RunFigures::alignment);
    gauge("idtrain.accuracy", "Top-1 accuracy of the head on the held-out set",
        RunFigures::accuracy);
    gauge("idtrain.temperature.ratio", "Learned temperature beta over kappa (NaN when fixed)",
        RunFigures::temperatureRatio);
    gauge("idtrain.last.probe.step",
        "The step the probe figures were measured at (NaN before the first probe)",
        RunFigures::lastProbeStep);
  }

  private void registerRunGauges() {
    // Held strongly by the registry: the function counters and gauges above reference
    // `figures` weakly, as Micrometer does, and this keeps it alive with the registry.
    Gauge.builder("idtrain.run.info", figures, f -> 1)
        .strongReference(true)
        .description("What the run is; always 1")
        .tag("dim", Integer.toString(info.dim()))
        .tag("classes", Integer.toString(info.classes()))
        .tag("instances", Integer.toString(info.instances()))
        .tag("conditional", text(info.conditional()))
        .tag("kappa", number(info.kappa()))
        .tag("device", text(info.device()))
        .tag("version", text(info.version()))
        .register(registry);
    for (RunState state : RunState.values()) {
      Gauge.builder("idtrain.run.state", figures, f -> f.view().inState(state))
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("1 for the run's current lifecycle state, 0 for the others")
          .register(registry);
    }
    if (Double.isFinite(info.referenceR2())) {
      double reference = info.referenceR2();
      Gauge.builder("idtrain.reference.r2", figures, f -> reference)
          .description("The paper's reported affine R² for this configuration")
          .register(registry);
    }
  }

  private void counter(String name, String description, ToDoubleFunction<RunFigures> value) {
    FunctionCounter.builder(name, figures, f -> value.applyAsDouble(f.view()))
        .description(description)
        .register(registry);
  }

  private void gauge(String name, String description, ToDoubleFunction<RunFigures> value) {
    Gauge.builder(name, figures, f -> value.applyAsDouble(f.view()))
        .description(description)
        .register(registry);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /** 10 rather than 10.0 for whole numbers, so the label reads as the config was written. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
