package dev.idtrain.stream;

import dev.idtrain.config.Config;
import dev.idtrain.dgp.Batch;
import dev.idtrain.dgp.DataGeneratingProcess;
import dev.idtrain.dgp.Seeds;
import dev.idtrain.dgp.SpriteProcess;
import dev.idtrain.probe.Snapshot;
import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.train.TrainingLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The run as a reactive stream: sampler threads draw batches ahead of the trainer
 * into a bounded prefetch queue; one training thread owns the model and turns batches into step
 * events; probe snapshots are scored on their own thread. The result is one Flux of immutable
 * events that the console, the run directory and the meters subscribe to.
 */
public final class TrainingPipeline implements AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private final Config config;
  private final DataGeneratingProcess dgp;
  private final RunInfo info;
  private final Scheduler samplers;
  private final Scheduler training = Schedulers.newSingle("idtrain-train");
  private final Scheduler probes = Schedulers.newSingle("idtrain-probe");
  private final PrefetchDepth depth = new PrefetchDepth();
  /** Why the run was asked to stop; null until it is. */
  private final AtomicReference<String> stopReason = new AtomicReference<>();
  private UnaryOperator<Batch> fault = UnaryOperator.identity();

  public TrainingPipeline(Config config, DataGeneratingProcess dgp, RunInfo info) {
    this.config = config;
    this.dgp = dgp;
    this.info = info;
    this.samplers = Schedulers.newParallel("idtrain-sampler", config.train().samplerThreads());
  }

  /**
   * The events of a run until its step count reaches {@code maxSteps}, {@link #stop()} is
   * called, or training fails. Cold: each subscription is a run; share it to give it several
   * subscribers.
   *
   * @param newTrainer makes (or restores) the trainer; called on the training thread, which
   *     owns it from then on
   */
  public Flux<TrainingEvent> events(Supplier<TrainingLoop> newTrainer, long maxSteps) {
    ProbeRunner probeRunner = new ProbeRunner(probes, Snapshot::score);
    // The run's final state comes last, after the probe still running at the end reports.
    AtomicReference<TrainingEvent> finalState = new AtomicReference<>();
    Sinks.One<Long> started = Sinks.one();
    Sinks.One<Boolean> ended = Sinks.one();
    Flux<TrainingEvent> trained = Flux.using(
            () -> {
              TrainingLoop trainer = newTrainer.get();
              started.tryEmitValue(trainer.step());
              return trainer;
            },
            trainer -> Flux.<TrainingEvent>just(
                    new TrainingEvent.Started(trainer.step(), info),
                    new TrainingEvent.StateChanged(trainer.step(), TrainingEvent.RunState.RUNNING, "started"))
                .concatWith(Flux.defer(() -> Flux.fromIterable(trainer.begin())))
                .concatWith(batches(trainer.nextBatch())
                    .publishOn(training, config.train().prefetchBatches())
                    .takeWhile(sampled -> stopReason.get() == null && !trainer.failed() && trainer.step() < maxSteps)
                    .concatMapIterable(sampled -> step(trainer, sampled, probeRunner)))
                .concatWith(Flux.defer(() -> {
                  probeRunner.complete();
                  String asked = stopReason.get();
                  List<TrainingEvent> end = trainer.finish(
                      asked != null ? asked : "reached step " + maxSteps);
                  finalState.set(end.get(end.size() - 1));
                  ended.tryEmitValue(true);
                  return Flux.fromIterable(end.subList(0, end.size() - 1));
                })),
            // Closing hops onto the training thread, so it can never overlap a running step.
            trainer -> training.schedule(trainer::close))
        .subscribeOn(training);
    return Flux.merge(trained, probeRunner.results(), pixelBaseline(started.asMono(), ended.asMono()))
        .concatWith(Mono.fromSupplier(finalState::get));
  }

  /**
   * A sprites run's raw-pixel baseline, measured once the trainer says at which step the run
   * starts, on a thread of its own; given up if training ends first. None on the sphere, nor
   * where {@code probe.pixelBaseline} is off.
   */
  private Flux<TrainingEvent> pixelBaseline(Mono<Long> started, Mono<Boolean> ended) {
    if (!(dgp instanceof SpriteProcess) || !config.probe().pixelBaseline()) {
      return Flux.empty();
    }
    AtomicBoolean givenUp = new AtomicBoolean();
    return started
        .flatMap(step -> Mono.<TrainingEvent>fromCallable(
                () -> PixelBaselineRun.measure(dgp, config.run().seed(), step, givenUp::get))
            .subscribeOn(Schedulers.boundedElastic()))
        .doOnCancel(() -> givenUp.set(true))
        .flux()
        .takeUntilOther(ended);
  }

  private List<TrainingEvent> step(TrainingLoop trainer, Sampled sampled, ProbeRunner probeRunner) {
    int waiting = depth.dequeued();
    List<TrainingEvent> events = new ArrayList<>(trainer.train(sampled.batch(), sampled.seconds(), waiting));
    dgp.recycle(sampled.batch());
    if (events.stream().anyMatch(TrainingEvent.RolledBack.class::isInstance)) {
      // A running probe measures a trajectory that no longer exists; the step rolled back to
      // was probed the first time round.
      probeRunner.invalidate();
    } else if (trainer.probeDue() && !trainer.failed()) {
      probeRunner.offer(trainer.step(), trainer::snapshot).ifPresent(events::add);
    }
    return events;
  }

  /** Training batches from index {@code first} on, in order, drawn in parallel. */
  private Flux<Sampled> batches(long first) {
    int threads = config.train().samplerThreads();
    return Flux.<Long, Long>generate(() -> first, (index, sink) -> {
          sink.next(index);
          return index + 1;
        })
        .flatMapSequential(index -> Mono.fromCallable(() -> sample(index)).subscribeOn(samplers),
            threads, 1)
        .doOnNext(sampled -> depth.enqueued());
  }

  private Sampled sample(long index) {
    long start = System.nanoTime();
    Batch batch = dgp.sample(index, Seeds.batch(config.run().seed(), index), config.train().batchSize());
    return new Sampled(fault.apply(batch), (System.nanoTime() - start) / 1e9);
  }

  /** For fault-injection tests: a function the sampler passes every batch through. */
  void injectFault(UnaryOperator<Batch> fault) {
    this.fault = fault;
  }

  /** Asks the run to stop after the step in progress. */
  public void stop() {
    stop("stop requested");
  }

  /** As {@link #stop()}, giving the reason its final state will say; the first reason stands. */
  public void stop(String reason) {
    stopReason.compareAndSet(null, reason);
  }

  /** The deepest the prefetch queue has been. */
  public int peakQueueDepth() {
    return depth.peak();
  }

  /** Waits for the training thread to finish its queued work (closing the model) first. */
  @Override
  public void close() {
    samplers.dispose();
    training.disposeGracefully().block(CLOSE_TIMEOUT);
    probes.dispose();
  }
}
