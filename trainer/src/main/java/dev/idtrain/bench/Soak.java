package dev.idtrain.bench;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.telemetry.meter.ProcessMemoryMetrics;
import java.io.PrintStream;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Resident memory along one long run. It can move within a window as the native allocator and
 * the Java heap size themselves, so one reading per interval would measure where in that
 * movement it fell: each window instead reports the lowest and highest of readings taken every
 * {@value #READ_EVERY} steps, and growth compares both with the first window after warm-up (the
 * first {@value #WARMUP_STEPS} steps).
 */
final class Soak {
  private static final int READ_EVERY = 10;
  private static final int WARMUP_STEPS = 1000;

  private Soak() {}

  /** @param progress where windows are printed as they close; null for silence */
  static Map<String, Object> readings(PipelineBench bench, long soak, PrintStream progress) throws Exception {
    long window = 1000 * Math.max(1, soak / 100_000);
    Map<Long, Map<String, Double>> rss = new LinkedHashMap<>();
    DoubleSummaryStatistics[] readings = {new DoubleSummaryStatistics()};
    bench.run(0, soak, true, 0, false, event -> {
      if (!(event instanceof TrainingEvent.Step s) || s.step() % READ_EVERY != 0 && s.step() != soak) {
        return;
      }
      readings[0].accept(ProcessMemoryMetrics.residentBytes() / Benchmark.MIB);
      if (s.step() % window == 0 || s.step() == soak) {
        double low = readings[0].getMin();
        double high = readings[0].getMax();
        rss.put(s.step(), Map.of("min", low, "max", high));
        if (progress != null) {
          progress.printf(Locale.ROOT, "steps to %d  rss min %.1f  max %.1f MB%n", s.step(), low, high);
        }
        readings[0] = new DoubleSummaryStatistics();
      }
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("soak_steps", soak);
    out.put("rss_mb_by_window_end", rss);
    rss.keySet().stream().filter(end -> end - window >= WARMUP_STEPS).findFirst().ifPresent(from -> {
      Map<String, Double> first = rss.get(from);
      Map<String, Double> last = rss.get(soak);
      out.put("rss_growth_from_step", from);
      out.put("rss_min_growth_mb", last.get("min") - first.get("min"));
      out.put("rss_max_growth_mb", last.get("max") - first.get("max"));
    });
    return out;
  }
}
