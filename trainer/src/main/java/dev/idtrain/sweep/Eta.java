package dev.idtrain.sweep;

import dev.idtrain.stats.Median;
import java.util.List;
import java.util.PriorityQueue;

/**
 * When a sweep will end: the runs still running finish at their own speed, and the queued ones
 * start, in queue order, on whichever worker is free first. Each worker's runs follow one
 * another, so the sweep ends when its busiest worker does, not when the steps left divided by the
 * sweep's summed speed are done.
 */
final class Eta {
  private Eta() {}

  /** A run's measured speed, and what one of its steps costs in matrix products. */
  record Speed(double gflopPerStep, double stepsPerS) {}

  /** The median speed of the runs measured at {@code gflopPerStep} (a point's seeds); NaN if none. */
  static double alike(double gflopPerStep, List<Speed> measured) {
    return Median.of(measured.stream().filter(m -> Math.abs(m.gflopPerStep() - gflopPerStep)
        <= 1e-9 * gflopPerStep).mapToDouble(Speed::stepsPerS).toArray());
  }

  /**
   * The speed of a run whose steps cost {@code gflopPerStep}, guessed from the median GFLOP/s of
   * runs of other costs: rough, as small matrices use the engine less well than large ones (a
   * d = 5 step ran at 0.75 of a d = 10 step's GFLOP/s); NaN if none was measured.
   */
  static double byCost(double gflopPerStep, List<Speed> measured) {
    return Median.of(measured.stream().mapToDouble(m -> m.stepsPerS() * m.gflopPerStep())
        .toArray()) / gflopPerStep;
  }

  /**
   * @param running seconds each running run still needs
   * @param queued seconds each queued run will need, in the order they start
   * @param workers runs at a time
   * @return seconds until the last run ends
   */
  static double seconds(List<Double> running, List<Double> queued, int workers) {
    PriorityQueue<Double> freeAt = new PriorityQueue<>(running);
    while (freeAt.size() < workers) {
      freeAt.add(0.0);
    }
    double end = running.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    for (double run : queued) {
      double finish = freeAt.poll() + run;
      freeAt.add(finish);
      end = Math.max(end, finish);
    }
    return end;
  }
}
