package dev.idtrain.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard template variable.
 *
 * @param query the variable's query text ({@code label_values(…)} for query variables, the
 *     plugin id for data source variables)
 * @param allValue what "All" stands for in queries; empty when Grafana lists every value
 */
public record TemplateVariable(
    String name, String type, String query, boolean multi, boolean includeAll, String allValue) {

  /**
   * A {@code label_values(selector, label)} query: the values of {@code label} on the series
   * {@code selector} matches, which Prometheus answers at {@code
   * /api/v1/label/<label>/values?match[]=<selector>}.
   */
  public record LabelValues(String selector, String label) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(?:(.+?)\\s*,\\s*)?(\\w+)\\s*\\)\\s*$");

  static TemplateVariable of(JsonNode json) {
    JsonNode query = json.path("query");
    return new TemplateVariable(
        json.path("name").asText(),
        json.path("type").asText(),
        query.isObject() ? query.path("query").asText() : query.asText(),
        json.path("multi").asBoolean(false),
        json.path("includeAll").asBoolean(false),
        json.path("allValue").asText(""));
  }

  /** The parsed {@code label_values} query, empty for any other kind of variable. */
  public Optional<LabelValues> labelValues() {
    Matcher m = LABEL_VALUES.matcher(query);
    if (!type.equals("query") || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new LabelValues(m.group(1) == null ? "" : m.group(1), m.group(2)));
  }
}
