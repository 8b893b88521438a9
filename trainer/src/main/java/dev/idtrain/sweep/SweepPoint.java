package dev.idtrain.sweep;

import dev.idtrain.config.Architecture;
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

  /** GFLOP of the matrix products of one of its steps ({@link Architecture#gflopPerStep}). */
  public double gflopPerStep() {
    return Architecture.of(config).gflopPerStep(config.train().batchSize());
  }

  /** GFLOP of its whole budget: how long it takes, next to the sweep's other runs. */
  public double cost() {
    return gflopPerStep() * steps;
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
