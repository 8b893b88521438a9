package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alerting or recording rule as written in a Prometheus rule file.
 *
 * @param name the alert name, or the recorded series name
 * @param forDuration the alert's {@code for}, "0s" when absent; empty for recording rules
 */
public record Rule(
    Path file,
    String group,
    boolean alerting,
    String name,
    String expr,
    String forDuration,
    Map<String, String> labels,
    Map<String, String> annotations) {

  /** Every rule of every file, in file order. */
  public static List<Rule> load(List<Path> files) {
    List<Rule> rules = new ArrayList<>();
    for (Path file : files) {
      for (JsonNode group : DeployFiles.readYaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          boolean alerting = rule.has("alert");
          rules.add(
              new Rule(
                  file,
                  group.path("name").asText(),
                  alerting,
                  rule.path(alerting ? "alert" : "record").asText(),
                  rule.path("expr").asText(),
                  alerting ? rule.path("for").asText("0s") : "",
                  strings(rule.path("labels")),
                  strings(rule.path("annotations"))));
        }
      }
    }
    return rules;
  }

  /** The rules of the files {@code prometheus.yml} loads. */
  public static List<Rule> deployed() {
    return load(DeployFiles.ruleFiles());
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
