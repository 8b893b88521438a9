package dev.idtrain.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Grafana dashboard file. Loading and query extraction for the structure tests here and for
 * the end-to-end test that runs every panel query against a live Prometheus:
 *
 * <pre>{@code
 * TemplateValues values = TemplateValues.defaults().withScrapeInterval(Duration.ofSeconds(1));
 * for (PanelQuery q : Dashboard.queriesOf(Dashboard.loadAll(Dashboard.directory()))) {
 *   String promql = q.resolve(values); // run it; q.instant() says instant or range
 * }
 * }</pre>
 */
public record Dashboard(Path file, JsonNode json) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The {@code dashboards/} folder: the working directory when this module's tests run, {@code
   * ../dashboards} from a sibling module's tests.
   */
  public static Path directory() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(cwd, cwd.resolveSibling("dashboards"), cwd.resolve("dashboards"))) {
      if (candidate.getFileName().toString().equals("dashboards")
          && Files.isRegularFile(candidate.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no dashboards/ folder near " + cwd);
  }

  /** Every {@code *.json} file directly in {@code dir}, sorted by name. */
  public static List<Dashboard> loadAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(Dashboard::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public static Dashboard load(Path file) {
    try {
      return new Dashboard(file, JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON dashboard: " + file, e);
    }
  }

  /** The panel queries of all {@code dashboards}, in dashboard and panel order. */
  public static List<PanelQuery> queriesOf(List<Dashboard> dashboards) {
    return dashboards.stream().flatMap(d -> d.queries().stream()).toList();
  }

  public String uid() {
    return json.path("uid").asText();
  }

  public String title() {
    return json.path("title").asText();
  }

  /** Rows, and the panels placed in them or beside them, flattened. */
  public List<JsonNode> allPanels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add); // panels of a collapsed row
    }
    return panels;
  }

  /** The panels that show data: every panel except rows. */
  public List<JsonNode> panels() {
    return allPanels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
  }

  public Map<String, TemplateVariable> variables() {
    Map<String, TemplateVariable> variables = new LinkedHashMap<>();
    for (JsonNode variable : json.path("templating").path("list")) {
      TemplateVariable v = TemplateVariable.of(variable);
      variables.put(v.name(), v);
    }
    return variables;
  }

  /** Every query of every panel. */
  public List<PanelQuery> queries() {
    Map<String, TemplateVariable> variables = variables();
    List<PanelQuery> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new PanelQuery(
                uid(),
                panel.path("id").asInt(),
                panel.path("title").asText(),
                target.path("refId").asText(),
                target.path("expr").asText(),
                target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false),
                variables));
      }
    }
    return queries;
  }

  /** The PromQL of the dashboard's Prometheus annotation queries (events drawn on graphs). */
  public List<String> annotationExprs() {
    List<String> exprs = new ArrayList<>();
    for (JsonNode annotation : json.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        exprs.add(annotation.path("expr").asText());
      }
    }
    return exprs;
  }
}
