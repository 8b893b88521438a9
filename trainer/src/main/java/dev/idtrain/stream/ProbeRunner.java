package dev.idtrain.stream;

import dev.idtrain.probe.Snapshot;
import dev.idtrain.event.TrainingEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Scores probe snapshots on their own scheduler, one at a time. A snapshot offered while the
 * previous probe still runs is dropped (never queued: a stale probe is worth less than a fresh
 * one, and a queue would grow without bound on a slow machine). A result whose model state was
 * rolled back meanwhile is dropped too: it describes a trajectory that no longer exists. A probe
 * that throws is reported ({@link TrainingEvent.ProbeFailed}) and the next one goes on.
 */
final class ProbeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

  private final Function<Snapshot, TrainingEvent.Probe> scorer;
  private final Scheduler scheduler;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicLong generation = new AtomicLong();
  private final Sinks.Many<TrainingEvent> results = Sinks.many().unicast().onBackpressureBuffer();

  /** @param scorer what a probe computes, e.g. {@link Snapshot#score} */
  ProbeRunner(Scheduler scheduler, Function<Snapshot, TrainingEvent.Probe> scorer) {
    this.scheduler = scheduler;
    this.scorer = scorer;
  }

  /**
   * Takes a snapshot (on the caller's thread, the training thread) unless a probe is running.
   *
   * @return a dropped-probe event if the snapshot was not taken
   */
  Optional<TrainingEvent> offer(long step, Supplier<Snapshot> snapshot) {
    if (!busy.compareAndSet(false, true)) {
      return Optional.of(new TrainingEvent.ProbeDropped(step));
    }
    Snapshot taken = snapshot.get();
    long takenIn = generation.get();
    scheduler.schedule(() -> {
      try {
        TrainingEvent.Probe scored = scorer.apply(taken);
        results.emitNext(generation.get() == takenIn ? scored : new TrainingEvent.ProbeDropped(step),
            Sinks.EmitFailureHandler.FAIL_FAST);
      } catch (RuntimeException e) {
        LOG.warn("probe at step {} failed: {}", step, e.toString());
        results.emitNext(new TrainingEvent.ProbeFailed(step, e.toString()),
            Sinks.EmitFailureHandler.FAIL_FAST);
      } finally {
        busy.set(false);
      }
    });
    return Optional.empty();
  }

  /** Marks running probes stale: the model they measure was rolled back. */
  void invalidate() {
    generation.incrementAndGet();
  }

  /** Probe results, completing after {@link #complete()} once the running probe is done. */
  Flux<TrainingEvent> results() {
    return results.asFlux();
  }

  void complete() {
    scheduler.schedule(() -> results.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST));
  }
}
