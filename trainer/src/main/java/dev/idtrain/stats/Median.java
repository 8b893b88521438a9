package dev.idtrain.stats;

import java.util.Arrays;

/**
 * The one median of idtrain, wherever a figure is judged by one (a window of probes, the recent
 * losses, a benchmark's rounds, a sweep's speeds): the middle value, and for an even count the
 * mean of the middle two, so that it does not lean to either side.
 */
public final class Median {
  private Median() {}

  /** The median of {@code values} (not changed); NaN for none. NaN values sort above all others. */
  public static double of(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
