package dev.idtrain.report;

import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.ConfigView;
import dev.idtrain.config.Experiment;
import dev.idtrain.probe.PaperReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Groups runs into points: runs are the same point when they train the same experiment (the
 * keys a resume may not change, the seed aside), probe it the same way, and did so on the same
 * kind of device in the same precision (their provenance: a bf16 run and an fp32 run, or a CPU
 * and a GPU run, are two measurements, never two seeds of one); how a run was otherwise operated
 * (telemetry, checkpoint cadence, threads, divergence guards) does not matter. Runs a sweep gave
 * different point labels ({@code run.point}) are different points too. A point is named by its
 * label, where every point has one of its own, in the order of the paper's rows; else by the
 * keys whose values differ between points (with one point: the configuration keys that differ
 * from the defaults), in the order of their values.
 *
 * @param common the keys all points share that differ from the defaults
 */
record Points(List<Point> points, Map<String, Object> common) {
  /** Keys of a point from its runs' provenance, named only where points differ in them. */
  static final List<String> PROVENANCE_KEYS = List.of("device", "precision");

  static final String LABEL = "run.point";

  static boolean definesPoint(String key) {
    return Experiment.definedBy(key) && !key.equals("run.seed")
        || key.startsWith("probe.") || key.equals(LABEL);
  }

  static Points group(List<RecordedRun> runs) {
    Map<Map<String, Object>, List<RecordedRun>> byKeys = new LinkedHashMap<>();
    for (RecordedRun run : runs) {
      byKeys.computeIfAbsent(keys(run), k -> new ArrayList<>()).add(run);
    }
    Map<String, Object> defaults = keys(ConfigView.flatten(ConfigLoader.defaults()));
    List<String> naming = new ArrayList<>(defaults.keySet().stream().filter(key -> byKeys.size() == 1
        ? byKeys.keySet().stream().anyMatch(k -> !Objects.equals(k.get(key), defaults.get(key)))
        : byKeys.keySet().stream().map(k -> k.get(key)).distinct().count() > 1).toList());
    for (String key : PROVENANCE_KEYS) {
      if (byKeys.keySet().stream().map(k -> k.get(key)).distinct().count() > 1) {
        naming.add(key);
      }
    }
    Map<String, Object> common = new LinkedHashMap<>();
    if (byKeys.size() > 1) {
      Map<String, Object> any = byKeys.keySet().iterator().next();
      any.forEach((key, value) -> {
        if (!naming.contains(key) && !PROVENANCE_KEYS.contains(key)
            && !Objects.equals(value, defaults.get(key))) {
          common.put(key, value);
        }
      });
    }
    boolean labelled = byKeys.keySet().stream().map(k -> String.valueOf(k.get(LABEL)))
        .filter(label -> !label.isEmpty()).distinct().count() == byKeys.size();
    List<Point> points = new ArrayList<>();
    byKeys.forEach((keys, members) -> points.add(Point.of(
        labelled ? String.valueOf(keys.get(LABEL)) : label(keys, naming), keys, bySeed(members))));
    points.sort(labelled ? byPaperRow() : byValues(naming));
    return new Points(points, common);
  }

  /**
   * The point that trained one of {@code point}'s seeds again at twice its budget (labelled as
   * it with {@link Experiment#CONVERGENCE_CHECK}, on the same device and precision); empty
   * without one.
   */
  Optional<Point> check(Point point) {
    return points.stream().filter(p -> p.keys().get(LABEL).equals(point.keys().get(LABEL)
            + Experiment.CONVERGENCE_CHECK)
        && PROVENANCE_KEYS.stream().allMatch(k -> p.keys().get(k).equals(point.keys().get(k))))
        .findFirst();
  }

  /** The index of the point {@code check} is the convergence check of; empty for other points. */
  OptionalInt checkOf(Point check) {
    return IntStream.range(0, points.size())
        .filter(i -> check(points.get(i)).filter(c -> c == check).isPresent()).findFirst();
  }

  /** How a point's verdict reads, with its convergence check where it has one. */
  String verdict(Point point) {
    return Verdict.of(point.r2().mean(), point.paper(), point.rise(),
        check(point).map(point::moved).orElse(Double.NaN));
  }

  private static Map<String, Object> keys(Map<String, Object> config) {
    Map<String, Object> keys = new LinkedHashMap<>(config);
    keys.keySet().removeIf(key -> !definesPoint(key));
    return keys;
  }

  /** What makes a run's point: its experiment's keys, and the device and precision it ran on. */
  private static Map<String, Object> keys(RecordedRun run) {
    Map<String, Object> keys = keys(ConfigView.flatten(run.config()));
    keys.put("device", run.device());
    keys.put("precision", run.precision());
    return keys;
  }

  private static String label(Map<String, Object> keys, List<String> naming) {
    return naming.isEmpty() ? "defaults"
        : naming.stream().map(key -> key + "=" + keys.get(key)).collect(Collectors.joining(" "));
  }

  /** One run per seed: two runs of the same point and seed would count one seed twice. */
  private static List<RecordedRun> bySeed(List<RecordedRun> runs) {
    List<RecordedRun> sorted = runs.stream().sorted(Comparator.comparingLong(RecordedRun::seed)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).seed() == sorted.get(i - 1).seed()) {
        throw new ReportInputException(sorted.get(i - 1).dir() + " and " + sorted.get(i).dir()
            + ": two runs of the same point with run.seed=" + sorted.get(i).seed());
      }
    }
    return sorted;
  }

  /** Labelled points in the order of the first paper row they reproduce, then by label. */
  private static Comparator<Point> byPaperRow() {
    List<PaperReference.Row> rows = PaperReference.rows();
    return Comparator.<Point>comparingInt(p -> p.paperRows().isEmpty() ? rows.size()
        : rows.indexOf(p.paperRows().get(0))).thenComparing(Point::label);
  }

  /** Points in the order of their naming keys' values, numbers by value. */
  private static Comparator<Point> byValues(List<String> naming) {
    Comparator<Point> order = (a, b) -> 0;
    for (String key : naming) {
      order = order.thenComparing(p -> p.keys().get(key), Points::compareValues);
    }
    return order;
  }

  private static int compareValues(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }
}
