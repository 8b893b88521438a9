package dev.idtrain.sweep;

import dev.idtrain.config.Config;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run of a sweep: a grid point with one seed.
 *
 * @param index its position in the grid's expansion order, what {@code --index} selects
 * @param label the grid point's label, or "" when it has none
 * @param settings the keys that set it apart from the grid's base (the point's own keys, the
 *     axes' values, run.seed), in expansion order, as the grid wrote them
 * @param steps the run's step budget
 * @param config the run's configuration, validated
 */
public record SweepPoint(int index, String label, Map<String, String> settings, long steps,
    Config config) {

  public String runId() {
    return config.run().id();
  }

  /** {@code dgp.dim=10 run.seed=1}, or "(base)" when nothing differs. */
  public String describe() {
    return describe(settings);
  }

  static String describe(Map<String, ?> settings) {
    return settings.isEmpty() ? "(base)" : settings.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
