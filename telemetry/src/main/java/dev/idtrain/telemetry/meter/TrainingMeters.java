package dev.idtrain.telemetry.meter;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Step;
import dev.idtrain.event.TrainingEvent.WriteFailed;
import dev.idtrain.event.TrainingEvent.WriteFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The meters of one run, updated from {@link TrainingEvent}s only: a {@link MeterBinder} that
 * binds them to any registry ({@link ScrapeRegistry} for the endpoint). The labels a registry
 * adds to every series (run, objective) are the registry's business.
 *
 * <p>Cost on the publishing thread: {@link #onEvent} records at most two histogram observations
 * per registry (lock-free adders) and swaps one immutable {@link RunFigures}; it takes no lock a
 * scrape holds, allocates a few small objects (the figures after the event), and never throws. Updating on the publisher's own
 * thread is cheaper than any hand-off to another thread would be.
 */
public final class TrainingMeters implements MeterBinder {

  /** Histogram bucket bounds: 1 ms to 10 s, 1-2.5-5 per decade. */
  static final List<Duration> BUCKETS =
      List.of(
          Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
          Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
          Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
          Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  private static final System.Logger LOG = System.getLogger(TrainingMeters.class.getName());

  /** The histograms of one registry the meters are bound to. */
  private record Timers(Timer step, Timer sampler, Timer probe, Timer checkpoint) {}

  private final RunInfo info;
  private final FigureSource figures = new FigureSource();
  private final List<Timers> timers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean reportedFailure = new AtomicBoolean();
  /** Failed writes by reason; kept apart from RunFigures, as no other series must agree with them. */
  private final AtomicLongArray checkpointFailures = new AtomicLongArray(WriteFailure.values().length);
  private final AtomicLongArray probeLogFailures = new AtomicLongArray(WriteFailure.values().length);

  public TrainingMeters(RunInfo info) {
    this.info = Objects.requireNonNull(info, "info");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registerCounters(registry);
    registerStepGauges(registry);
    registerProbeGauges(registry);
    registerRunGauges(registry);
    timers.add(new Timers(
        timer(registry, "idtrain.step", "Wall time of a training step on the training thread"),
        timer(registry, "idtrain.sampler", "Time the sampler spent producing a step's batch"),
        timer(registry, "idtrain.probe", "Wall time of an identifiability probe"),
        timer(registry, "idtrain.checkpoint", "Time to write a checkpoint")));
  }

  public RunInfo info() {
    return info;
  }

  FigureSource figures() {
    return figures;
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
      for (Timers t : timers) {
        if (event instanceof Step s) {
          record(t.step(), s.stepSeconds());
          record(t.sampler(), s.samplerSeconds());
        } else if (event instanceof Probe p) {
          record(t.probe(), p.seconds());
        } else if (event instanceof Checkpointed c) {
          record(t.checkpoint(), c.seconds());
        }
      }
      if (event instanceof WriteFailed w && w.reason() != null && w.file() != null) {
        (w.file() == TrainingEvent.RunFile.CHECKPOINT ? checkpointFailures : probeLogFailures)
            .incrementAndGet(w.reason().ordinal());
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

  private static void record(Timer timer, double seconds) {
    if (seconds >= 0 && seconds < Double.POSITIVE_INFINITY) {
      timer.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .serviceLevelObjectives(BUCKETS.toArray(Duration[]::new))
        .publishPercentileHistogram(false)
        .register(registry);
  }

  private void registerCounters(MeterRegistry registry) {
    for (Counter counter : Counter.values()) {
      FunctionCounter.builder(counter.meter, figures, f -> f.view().counts().get(counter))
          .description(counter.description)
          .baseUnit(counter.baseUnit)
          .register(registry);
    }
    failureCounter(registry, "idtrain.checkpoint.failures",
        "Checkpoints that could not be written (training went on)", checkpointFailures);
    failureCounter(registry, "idtrain.probe.log.failures",
        "Failed writes of probes.csv (its lines wait in memory and are written later)",
        probeLogFailures);
  }

  private void failureCounter(MeterRegistry registry, String name, String description,
      AtomicLongArray counts) {
    for (WriteFailure reason : WriteFailure.values()) {
      FunctionCounter.builder(name, counts, c -> c.get(reason.ordinal()))
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .description(description)
          .baseUnit("failures")
          .register(registry);
    }
  }

  private void registerStepGauges(MeterRegistry registry) {
    gauge(registry, "idtrain.loss", "Cross-entropy loss of the latest step (NaN before the first)",
        f -> f.latest().loss());
    gauge(registry, "idtrain.learning.rate", "Learning rate of the latest step or rollback",
        f -> f.latest().learningRate());
    gauge(registry, "idtrain.grad.norm", "Gradient norm of the latest step", f -> f.latest().gradNorm());
    gauge(registry, "idtrain.batch.queue.depth",
        "Batches waiting in the prefetch queue after the latest step", f -> f.latest().queueDepth());
    gauge(registry, "idtrain.last.step",
        "The run's step number at the latest step: continues across resumes, goes back on a"
            + " rollback",
        f -> f.latest().step());
  }

  private void registerProbeGauges(MeterRegistry registry) {
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
    for (int i = 0; i < info.factors().size(); i++) {
      int factor = i;
      String name = info.factors().get(i);
      Gauge.builder("idtrain.factor.correlation", figures, f -> f.view().factorCorrelation(factor))
          .tag("factor", name)
          .description("Pearson's r of an affine decoder from the features to one factor of the"
              + " sprite, on held-out samples (latest probe)")
          .register(registry);
      Gauge.builder("idtrain.factor.r2", figures, f -> f.view().factorR2(factor))
          .tag("factor", name)
          .description("R² of an affine decoder from the features to one factor of the sprite, on"
              + " held-out samples (latest probe)")
          .register(registry);
      Gauge.builder("idtrain.pixel.baseline.correlation", figures,
              f -> f.view().baselineCorrelation(factor))
          .tag("factor", name)
          .description("Pearson's r of the same decoder fitted on the raw pixels, the paper's"
              + " baseline (NaN until measured, once per run start)")
          .register(registry);
    }
    gauge(registry, "idtrain.orthogonality.mae",
        "Mean absolute deviation of the linear map's singular values from the predicted value"
            + " (latest probe)",
        RunFigures::orthogonalityMae);
    gauge(registry, "idtrain.cluster.r2", "R² of the affine map from head rows to cluster vectors",
        RunFigures::clusterR2);
    gauge(registry, "idtrain.cluster.r2.linear",
        "R² of the map without intercept from head rows to cluster vectors",
        RunFigures::clusterR2Linear);
    gauge(registry, "idtrain.cluster.orthogonality.mae",
        "Mean absolute deviation of the head rows' map's singular values from the predicted value"
            + " (latest probe)",
        RunFigures::clusterOrthogonalityMae);
    gauge(registry, "idtrain.alignment", "Mean cosine between features and their label's head row",
        RunFigures::alignment);
    gauge(registry, "idtrain.accuracy", "Top-1 accuracy of the head on the held-out set",
        RunFigures::accuracy);
    gauge(registry, "idtrain.temperature.ratio", "Learned temperature beta over kappa (NaN when fixed)",
        RunFigures::temperatureRatio);
    gauge(registry, "idtrain.last.probe.step",
        "The step the probe figures were measured at (NaN before the first probe)",
        RunFigures::lastProbeStep);
  }

  private void registerRunGauges(MeterRegistry registry) {
    // Held strongly by the registry: the function counters and gauges above reference
    // `figures` weakly, as Micrometer does, and this keeps it alive with the registry.
    Gauge.builder("idtrain.run.info", figures, f -> 1)
        .strongReference(true)
        .description("What the run is; always 1")
        .tag("process", ScrapeRegistry.text(info.process()))
        .tag("dim", Integer.toString(info.dim()))
        .tag("classes", Integer.toString(info.classes()))
        .tag("instances", Integer.toString(info.instances()))
        .tag("conditional", ScrapeRegistry.text(info.conditional()))
        .tag("kappa", number(info.kappa()))
        .tag("device", ScrapeRegistry.text(info.device()))
        .tag("precision", ScrapeRegistry.text(info.precision()))
        .tag("version", ScrapeRegistry.text(info.version()))
        .register(registry);
    for (RunState state : RunState.values()) {
      Gauge.builder("idtrain.run.state", figures, f -> f.view().inState(state))
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("1 for the run's current lifecycle state, 0 for the others")
          .register(registry);
    }
    new ReferenceMeters(info.reference()).bindTo(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<RunFigures> value) {
    Gauge.builder(name, figures, f -> value.applyAsDouble(f.view()))
        .description(description)
        .register(registry);
  }

  /** 10 rather than 10.0 for whole numbers, so the label reads as the config was written. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
