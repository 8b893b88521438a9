package dev.idtrain.report;

import dev.idtrain.stats.Median;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The few statistics the report needs, over finite values only (NaN marks "not measured"). */
final class Stats {
  private Stats() {}

  /** Mean and sample standard deviation (n − 1); std is NaN below two values. */
  record MeanStd(double mean, double std, int n) {}

  /** The {@link Median} of the finite values. */
  static double median(double... values) {
    return Median.of(finite(values));
  }

  /** The median of {@code metric} over the last {@code count} rows (fewer if there are fewer). */
  static <T> double medianOfLast(List<T> rows, int count, ToDoubleFunction<T> metric) {
    return median(rows.subList(Math.max(0, rows.size() - count), rows.size()).stream()
        .mapToDouble(metric).toArray());
  }

  static MeanStd meanStd(double... values) {
    double[] v = finite(values);
    if (v.length == 0) {
      return new MeanStd(Double.NaN, Double.NaN, 0);
    }
    double mean = Arrays.stream(v).sum() / v.length;
    if (v.length < 2) {
      return new MeanStd(mean, Double.NaN, 1);
    }
    double squares = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
    return new MeanStd(mean, Math.sqrt(squares / (v.length - 1)), v.length);
  }

  private static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).toArray();
  }
}
