package dev.idtrain.sweep;

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
