package dev.idtrain.report;

import dev.idtrain.probe.ProbeWindow;
import dev.idtrain.probe.R2Crossings;
import dev.idtrain.probe.R2Crossings.Crossing;
import dev.idtrain.run.ProbeRow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What the report reads off one run's probes. Single probes swing by about ±0.01 at a constant
 * learning rate, so every figure is a median over several probes, never one probe.
 *
 * @param r2 final R²: the median of the last {@value #FINAL_PROBES} probes' R² of the latents
 *     (the figure {@link RecordedRun#r2} chooses)
 * @param clusterR2 the same for the cluster R² ({@link RecordedRun#clusterR2} chooses)
 * @param orthogonalityMae the same for the orthogonality error of the map to the latents
 * @param clusterOrthogonalityMae the same for that of the head rows' map (W→v)
 * @param accuracy the same for the head's held-out accuracy
 * @param correlations the same for each factor's correlation, by factor (sprites runs)
 * @param crossings per threshold of {@link #THRESHOLDS}, the first probe at which the window
 *     median (median R² of the last {@value #WINDOW} probes, a full window) reaches it
 * @param rise how much the window median grew over the last 20% of the run's steps: its value
 *     at the last probe minus its value at the last probe at or before 80% of the last probe's
 *     step; NaN when there are too few probes by then to tell
 */
record RunFigures(double r2, double clusterR2, double orthogonalityMae,
    double clusterOrthogonalityMae, double accuracy, Map<String, Double> correlations,
    List<Optional<Crossing>> crossings, double rise) {
  static final int FINAL_PROBES = 5;
  static final int WINDOW = ProbeWindow.SIZE;
  static final List<Double> THRESHOLDS = List.of(0.95, 0.98, 0.99);
  static final double LAST_FRACTION = 0.2;

  static RunFigures of(List<ProbeRow> probes, ToDoubleFunction<ProbeRow> r2,
      ToDoubleFunction<ProbeRow> clusterR2) {
    return new RunFigures(Stats.medianOfLast(probes, FINAL_PROBES, r2),
        Stats.medianOfLast(probes, FINAL_PROBES, clusterR2),
        Stats.medianOfLast(probes, FINAL_PROBES, ProbeRow::orthogonalityMae),
        Stats.medianOfLast(probes, FINAL_PROBES, ProbeRow::clusterOrthogonalityMae),
        Stats.medianOfLast(probes, FINAL_PROBES, ProbeRow::accuracy), correlations(probes),
        crossings(probes, r2), rise(probes, r2));
  }

  private static Map<String, Double> correlations(List<ProbeRow> probes) {
    Map<String, Double> medians = new LinkedHashMap<>();
    if (!probes.isEmpty()) {
      probes.get(0).correlations().keySet().forEach(factor -> medians.put(factor,
          Stats.medianOfLast(probes, FINAL_PROBES, p -> p.correlations().get(factor))));
    }
    return Collections.unmodifiableMap(medians);
  }

  /** Judged as a live run judges them (summary.json, bench --time-to-r2). */
  private static List<Optional<Crossing>> crossings(List<ProbeRow> probes,
      ToDoubleFunction<ProbeRow> r2) {
    R2Crossings crossings =
        new R2Crossings(THRESHOLDS.stream().mapToDouble(Double::doubleValue).toArray());
    probes.forEach(p -> crossings.observe(p.step(), p.elapsedSeconds(), r2.applyAsDouble(p)));
    return THRESHOLDS.stream().map(crossings::first).toList();
  }

  /** Median R² of the {@value #WINDOW} probes ending at {@code last}; NaN before a full window. */
  private static double windowMedian(List<ProbeRow> probes, ToDoubleFunction<ProbeRow> r2, int last) {
    return last < WINDOW - 1 ? Double.NaN
        : Stats.medianOfLast(probes.subList(0, last + 1), WINDOW, r2);
  }

  private static double rise(List<ProbeRow> probes, ToDoubleFunction<ProbeRow> r2) {
    if (probes.isEmpty()) {
      return Double.NaN;
    }
    int last = probes.size() - 1;
    double cut = (1 - LAST_FRACTION) * probes.get(last).step();
    int before = last;
    while (before >= 0 && probes.get(before).step() > cut) {
      before--;
    }
    return windowMedian(probes, r2, last) - windowMedian(probes, r2, before);
  }
}
