package dev.idtrain.bench;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.ProbeWindow;
import dev.idtrain.probe.R2Crossings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains until the median of the last {@value ProbeWindow#SIZE} probes' affine R² first
 * reaches a target, timed from the start of training (model, pipeline, probes).
 */
final class TimeToR2 {
  private TimeToR2() {}

  static Map<String, Object> measure(PipelineBench bench, double target, double limitSeconds) throws Exception {
    R2Crossings crossings = new R2Crossings(target);
    long[] probes = {0};
    long start = System.nanoTime();
    double[] reachedAt = {Double.NaN};
    boolean reached = bench.runUntil(event -> {
      if (event instanceof TrainingEvent.Probe) {
        probes[0]++;
      }
      crossings.accept(event);
      if (crossings.first(target).isPresent()) {
        reachedAt[0] = (System.nanoTime() - start) / 1e9;
        return true;
      }
      return false;
    }, limitSeconds);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target_r2", target);
    out.put("window_probes", ProbeWindow.SIZE);
    out.put("reached", reached);
    out.put("time_to_r2_s", reached ? reachedAt[0] : null);
    out.put("time_to_r2_steps", crossings.first(target).map(R2Crossings.Crossing::step).orElse(null));
    out.put("probes", probes[0]);
    if (!reached) {
      out.put("gave_up_after_s", limitSeconds);
    }
    return out;
  }
}
