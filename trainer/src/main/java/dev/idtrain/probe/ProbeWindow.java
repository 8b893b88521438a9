package dev.idtrain.probe;

import dev.idtrain.stats.Median;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The median of a figure's last {@value #SIZE} probes: how idtrain judges a figure (a level
 * crossed, a plateau reached), so that one lucky or unlucky probe counts for nothing.
 */
public final class ProbeWindow {
  public static final int SIZE = 4;

  private final Deque<Double> last = new ArrayDeque<>(SIZE);

  /**
   * Adds the next probe's value; a probe without a finite value counts as the worst one.
   *
   * @return the median of the last {@value #SIZE} values, NaN until there are that many
   */
  public double add(double value) {
    if (last.size() == SIZE) {
      last.removeFirst();
    }
    last.addLast(Double.isFinite(value) ? value : Double.NEGATIVE_INFINITY);
    return last.size() < SIZE ? Double.NaN
        : Median.of(last.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
