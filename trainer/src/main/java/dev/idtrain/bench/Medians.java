package dev.idtrain.bench;

import dev.idtrain.stats.Median;
import java.util.ArrayList;
import java.util.List;

/** Order statistics of repeated measurements: robust to a noisy, drifting machine. */
final class Medians {
  private Medians() {}

  static double median(List<Double> values) {
    return Median.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The order statistic at {@code q} (a tail, such as p99: the median is {@link #median}). */
  static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  /** Median of the pairwise ratios a_i / b_i: robust to the machine's speed drifting. */
  static double medianRatio(List<Double> a, List<Double> b) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(a.get(i) / b.get(i));
    }
    return median(ratios);
  }
}
