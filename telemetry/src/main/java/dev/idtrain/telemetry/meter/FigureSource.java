package dev.idtrain.telemetry.meter;

import dev.idtrain.event.TrainingEvent;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the counters and gauges read their values: the current {@link RunFigures}, replaced
 * lock-free on every event, and a view pinned for the duration of one collection so that all
 * series of a scrape come from the same figures.
 */
final class FigureSource {

  private final AtomicReference<RunFigures> current = new AtomicReference<>(RunFigures.INITIAL);
  private volatile RunFigures pinned;

  /** Applies an event. Lock-free: a CAS loop that, with one publisher, succeeds first time. */
  void apply(TrainingEvent event) {
    current.updateAndGet(f -> f.apply(event));
  }

  void fail() {
    current.updateAndGet(RunFigures::failed);
  }

  RunFigures current() {
    return current.get();
  }

  /** What meters show: the pinned figures during a collection, else the current ones. */
  RunFigures view() {
    RunFigures p = pinned;
    return p != null ? p : current.get();
  }

  /** Called by the registry, serialised, around each collection. */
  void pin() {
    pinned = current.get();
  }

  void unpin() {
    pinned = null;
  }
}
