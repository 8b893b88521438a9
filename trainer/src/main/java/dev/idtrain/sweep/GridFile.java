package dev.idtrain.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.idtrain.config.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grid file as written: its name, step budget, base configuration, seeds, axes and points.
 * Config keys are kept as dotted keys with their YAML values; whether they are known and allowed
 * is the configuration loader's to say, point by point ({@link Expansion}).
 *
 * @param seeds empty when the file gives none: every point then runs once, with its own run.seed
 * @param axes config key to the values it takes, in file order
 * @param convergenceSeeds how many of each point's seeds run again at twice its budget, the
 *     evidence a report reads of whether the point converged ({@link Expansion}); 0 for none
 */
public record GridFile(String name, long steps, Map<String, JsonNode> base, List<Long> seeds,
    Map<String, List<JsonNode>> axes, List<Point> points, int convergenceSeeds) {

  /** Step budget of a run whose grid names none. */
  public static final long DEFAULT_STEPS = 5000;

  /** A grid's name: a Kubernetes object name part, a label value and a directory name at once. */
  static final String NAME = "[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> FIELDS = List.of("name", "steps", "base", "seeds", "axes",
      "points", "convergenceSeeds");

  /**
   * An explicit point: {@code --set}-style settings, an optional label (the series' {@code point}
   * label) and an optional step budget of its own.
   */
  public record Point(String label, Map<String, JsonNode> settings, Long steps) {}

  /**
   * @param origin what the text is, for messages (a file name, or "grid paper")
   * @throws ConfigException naming the field, the value and what is allowed
   */
  public static GridFile parse(String text, String origin) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(origin + " is not valid YAML: "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(origin + " must be a mapping with name, base, seeds, axes, points");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new ConfigException(origin + ": " + field + ": unknown field; allowed: "
            + String.join(", ", FIELDS));
      }
    }
    String name = root.path("name").asText("");
    if (!root.path("name").isTextual() || !name.matches(NAME)) {
      throw invalid(origin, "name", root.path("name"),
          "1 to 40 lower-case letters, digits or '-', starting and ending with a letter or digit");
    }
    long steps = root.has("steps") ? steps(origin, "steps", root.get("steps")) : DEFAULT_STEPS;
    Map<String, JsonNode> base = new LinkedHashMap<>();
    if (root.has("base")) {
      if (!root.get("base").isObject()) {
        throw invalid(origin, "base", root.get("base"), "a mapping of sections, as in --config");
      }
      flatten(root.get("base"), "", base);
    }
    List<Long> seeds = seeds(origin, root.path("seeds"));
    JsonNode again = root.path("convergenceSeeds");
    int seedCount = Math.max(1, seeds.size());
    if (!again.isMissingNode() && !(again.isIntegralNumber() && again.asLong() >= 0
        && again.asLong() <= seedCount)) {
      throw invalid(origin, "convergenceSeeds", again, "an integer in [0, " + seedCount
          + "] (how many of each point's seeds run again at twice its budget)");
    }
    return new GridFile(name, steps, base, seeds, axes(origin, root.path("axes")),
        points(origin, root.path("points")), again.asInt(0));
  }

  private static List<Long> seeds(String origin, JsonNode node) {
    List<Long> seeds = new ArrayList<>();
    if (node.isMissingNode()) {
      return seeds;
    }
    if (node.isIntegralNumber() && node.asLong() >= 1 && node.asLong() <= 10_000) {
      for (long s = 0; s < node.asLong(); s++) {
        seeds.add(s);
      }
      return seeds;
    }
    String allowed = "a count n in [1, 10000] (seeds 0..n-1) or a non-empty list of distinct"
        + " integers >= 0";
    if (!node.isArray() || node.isEmpty()) {
      throw invalid(origin, "seeds", node, allowed);
    }
    Set<Long> distinct = new LinkedHashSet<>();
    for (JsonNode seed : node) {
      if (!seed.isIntegralNumber() || seed.asLong() < 0 || !distinct.add(seed.asLong())) {
        throw invalid(origin, "seeds", node, allowed);
      }
    }
    seeds.addAll(distinct);
    return seeds;
  }

  private static Map<String, List<JsonNode>> axes(String origin, JsonNode node) {
    Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return axes;
    }
    if (!node.isObject()) {
      throw invalid(origin, "axes", node, "a mapping from config key to a list of values");
    }
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    flatten(node, "", flat); // leaves are the value lists
    flat.forEach((key, values) -> {
      if (!values.isArray() || values.isEmpty()) {
        throw invalid(origin, "axes." + key, values, "a non-empty list of values");
      }
      List<JsonNode> list = new ArrayList<>();
      values.forEach(list::add);
      axes.put(key, List.copyOf(list));
    });
    return axes;
  }

  private static List<Point> points(String origin, JsonNode node) {
    List<Point> points = new ArrayList<>();
    if (node.isMissingNode()) {
      return points;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw invalid(origin, "points", node, "a non-empty list of mappings of config keys");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode point = node.get(i);
      String where = "points[" + i + "]";
      if (!point.isObject()) {
        throw invalid(origin, where, point, "a mapping of config keys, with an optional label and steps");
      }
      Map<String, JsonNode> settings = new LinkedHashMap<>();
      flatten(point, "", settings);
      JsonNode label = settings.remove("label");
      JsonNode steps = settings.remove("steps");
      if (label != null && !label.isTextual()) {
        throw invalid(origin, where + ".label", label, "text");
      }
      points.add(new Point(label == null ? null : label.asText(), settings,
          steps == null ? null : steps(origin, where + ".steps", steps)));
    }
    return points;
  }

  private static long steps(String origin, String field, JsonNode node) {
    if (!node.isIntegralNumber() || node.asLong() < 1) {
      throw invalid(origin, field, node, "an integer >= 1");
    }
    return node.asLong();
  }

  /** Nested sections to dotted keys ({@code dgp: {dim: 5}} and {@code dgp.dim: 5} alike). */
  private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isObject()) {
        flatten(entry.getValue(), prefix + entry.getKey() + ".", out);
      } else {
        out.put(prefix + entry.getKey(), entry.getValue());
      }
    }
  }

  private static ConfigException invalid(String origin, String field, JsonNode value, String allowed) {
    String shown = value == null || value.isMissingNode() ? "missing" : value.toString();
    return new ConfigException(origin + ": " + field + ": " + shown + " is not allowed; allowed: " + allowed);
  }
}
