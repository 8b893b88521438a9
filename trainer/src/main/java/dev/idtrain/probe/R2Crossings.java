package dev.idtrain.probe;

import dev.idtrain.event.TrainingEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * When a run's held-out affine R² first reaches given levels, judged by its {@link ProbeWindow}
 * so that one lucky probe does not count as a crossing.
 */
public final class R2Crossings implements Consumer<TrainingEvent> {
  /** @param elapsedSeconds the run's clock at the probe that completed the crossing */
  public record Crossing(long step, double elapsedSeconds) {}

  private final double[] levels;
  private final ProbeWindow window = new ProbeWindow();
  private final Map<Double, Crossing> crossed = new LinkedHashMap<>();

  public R2Crossings(double... levels) {
    this.levels = levels.clone();
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Probe probe) {
      observe(probe.step(), probe.elapsedSeconds(), probe.r2Affine());
    }
  }

  /** One probe's affine R², in step order (a live run's, or a probes.csv line's). */
  public synchronized void observe(long step, double elapsedSeconds, double r2) {
    double median = window.add(r2);
    if (Double.isNaN(median)) {
      return;
    }
    for (double level : levels) {
      if (median >= level) {
        crossed.putIfAbsent(level, new Crossing(step, elapsedSeconds));
      }
    }
  }

  public synchronized Optional<Crossing> first(double level) {
    return Optional.ofNullable(crossed.get(level));
  }

  /** Every level with its crossing, or null where not (yet) crossed, for summary.json. */
  public synchronized Map<String, Crossing> summary() {
    Map<String, Crossing> out = new LinkedHashMap<>();
    Arrays.stream(levels).forEach(level -> out.put(Double.toString(level), crossed.get(level)));
    return out;
  }
}
