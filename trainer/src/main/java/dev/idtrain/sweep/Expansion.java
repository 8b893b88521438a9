package dev.idtrain.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigException;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.Experiment;
import dev.idtrain.config.LrSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid's runs, in a stable order, each validated as {@code run} validates its configuration.
 *
 * <p>Order: the explicit points in file order (one empty point when the grid lists none); within
 * each, the cartesian product of the axes, the last axis in the file varying fastest; within
 * each combination, the seeds in the order given; then the convergence checks ({@code
 * convergenceSeeds}), in the same order. A run's index is its position in that order, so
 * editing the grid's tail keeps the indices before it.
 *
 * <p>Each run's configuration, lowest precedence first: the sweep's default (metrics on any free
 * port), the grid's base, the command line's {@code --set}, the point's keys and axis values, its
 * seed, and the sweep and point labels.
 */
public final class Expansion {
  private Expansion() {}

  /**
   * @param defaults {@code key=value} the sweep sets under everything else (e.g. the kernel
   *     threads its worker count leaves each run)
   * @param overrides {@code key=value} from the command line, applied to every run
   * @param steps a budget replacing every point's, or null
   * @throws ConfigException naming the grid, the run's index and settings, the key, the value and
   *     what is allowed; nothing is written before every run has passed
   */
  public static List<SweepPoint> expand(GridFile grid, List<String> defaults,
      List<String> overrides, Long steps) {
    List<GridFile.Point> points = grid.points().isEmpty()
        ? List.of(new GridFile.Point(null, Map.of(), null)) : grid.points();
    List<Map<String, JsonNode>> combinations = cartesian(grid.axes());
    List<Long> seeds = grid.seeds().isEmpty() ? Collections.singletonList(null) : grid.seeds();
    List<SweepPoint> out = new ArrayList<>();
    record Checked(SweepPoint run, Map<String, JsonNode> settings) {}
    List<Checked> checked = new ArrayList<>();
    for (GridFile.Point point : points) {
      for (Map<String, JsonNode> combination : combinations) {
        for (int s = 0; s < seeds.size(); s++) {
          Map<String, JsonNode> settings = settings(grid, out.size(), point, combination, seeds.get(s));
          SweepPoint run = point(grid, out.size(), point.label() == null ? "" : point.label(),
              settings, defaults, overrides,
              steps != null ? steps : point.steps() != null ? point.steps() : grid.steps());
          out.add(run);
          if (s < grid.convergenceSeeds()) {
            checked.add(new Checked(run, settings));
          }
        }
      }
    }
    for (Checked check : checked) {
      out.add(twiceTheBudget(grid, out.size(), check.run(), check.settings(), defaults, overrides));
    }
    Map<String, Integer> byRunId = new HashMap<>();
    for (SweepPoint run : out) {
      Integer twin = byRunId.putIfAbsent(run.runId(), run.index());
      if (twin != null) {
        throw new ConfigException(where(grid, run.index(), run.settings()) + ": run.id: '"
            + run.runId() + "' is already point " + twin + "'s; allowed: points that differ in an"
            + " experiment key (dgp.*, model.*, train.objective, ...) or in run.id");
      }
    }
    return out;
  }

  /**
   * A convergence check: {@code run} again at twice its step budget, labelled {@code
   * <label>@2x}, after all the grid's own runs (their indices stay as they are). What scales with
   * the budget scales with it: a cosine schedule's horizon and the stopping patience. Its own
   * run id (the first run's with {@code -2x}): with a constant rate it trains the same experiment,
   * only longer.
   */
  private static SweepPoint twiceTheBudget(GridFile grid, int index, SweepPoint run,
      Map<String, JsonNode> runSettings, List<String> defaults, List<String> overrides) {
    Config config = run.config();
    Map<String, JsonNode> settings = new LinkedHashMap<>(runSettings);
    if (config.train().lrSchedule() == LrSchedule.COSINE) {
      settings.put("train.horizonSteps", IntNode.valueOf(2 * config.train().horizonSteps()));
    }
    if (config.stop().patience() > 0) {
      settings.put("stop.patience", IntNode.valueOf(2 * config.stop().patience()));
    }
    settings.put("run.id", TextNode.valueOf(run.runId() + "-2x"));
    return point(grid, index, run.label() + Experiment.CONVERGENCE_CHECK, settings, defaults, overrides,
        2 * run.steps());
  }

  /** The point's keys, then the axes' values, then the seed, as YAML values. */
  private static Map<String, JsonNode> settings(GridFile grid, int index, GridFile.Point point,
      Map<String, JsonNode> combination, Long seed) {
    Map<String, JsonNode> settings = new LinkedHashMap<>(point.settings());
    combination.forEach((key, value) -> {
      if (settings.containsKey(key)) {
        throw new ConfigException(where(grid, index, settings) + ": " + key + " is set by the"
            + " point and by an axis; allowed: one of them");
      }
      settings.put(key, value);
    });
    if (seed != null) {
      if (settings.containsKey("run.seed")) {
        throw new ConfigException(where(grid, index, settings) + ": run.seed is set by the point"
            + " or an axis and by seeds; allowed: one of them");
      }
      settings.put("run.seed", LongNode.valueOf(seed));
    }
    return settings;
  }

  private static SweepPoint point(GridFile grid, int index, String label,
      Map<String, JsonNode> settings, List<String> defaults, List<String> overrides, long steps) {
    List<String> given = new ArrayList<>();
    given.add("telemetry.port=0");
    given.addAll(defaults);
    grid.base().forEach((key, value) -> given.add(key + "=" + value));
    given.addAll(overrides);
    // JSON text is YAML: each value reaches the loader with the type the grid gave it.
    settings.forEach((key, value) -> given.add(key + "=" + value));
    given.add("run.sweep=" + grid.name());
    given.add("run.point=" + label);
    try {
      Map<String, String> shown = new LinkedHashMap<>();
      settings.forEach((key, value) -> shown.put(key, value.isValueNode() ? value.asText() : value.toString()));
      return new SweepPoint(index, label, shown, steps, ConfigLoader.load(null, given));
    } catch (ConfigException e) {
      throw new ConfigException(where(grid, index, settings) + ": " + e.getMessage());
    }
  }

  /** The axes' combinations, the last axis varying fastest; one empty one without axes. */
  private static List<Map<String, JsonNode>> cartesian(Map<String, List<JsonNode>> axes) {
    List<Map<String, JsonNode>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    axes.forEach((key, values) -> {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> prefix : out) {
        for (JsonNode value : values) {
          Map<String, JsonNode> combination = new LinkedHashMap<>(prefix);
          combination.put(key, value);
          next.add(combination);
        }
      }
      out.clear();
      out.addAll(next);
    });
    return out;
  }

  private static String where(GridFile grid, int index, Map<String, ?> settings) {
    return "grid " + grid.name() + ", point " + index
        + (settings.isEmpty() ? "" : " (" + SweepPoint.describe(settings) + ")");
  }
}
