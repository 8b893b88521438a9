package dev.idtrain.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What makes a dashboard usable the moment Grafana provisions it. */
class DashboardStructureTest {

  /** Stable uids: links, bookmarks and alert annotations point at them. Change deliberately. */
  private static final Map<String, String> UIDS =
      Map.of(
          "identifiability.json", "idtrain-identifiability",
          "training.json", "idtrain-training",
          "pipeline-process.json", "idtrain-pipeline-process",
          "sweep.json", "idtrain-sweep");

  private static final String DATASOURCE = "${datasource}";
  private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "gauge", "row");

  private final List<Dashboard> dashboards = Dashboard.loadAll(Dashboard.directory());

  @Test
  void theDashboardsHaveTheirStableUids() {
    Map<String, String> uids =
        dashboards.stream()
            .collect(Collectors.toMap(d -> d.file().getFileName().toString(), Dashboard::uid));
    assertThat(uids).isEqualTo(UIDS);
  }

  @Test
  void everyJsonFileGrafanaWouldProvisionIsADashboard() throws IOException {
    // Grafana's file provider reads every *.json below the folder, sources included.
    Path dir = Dashboard.directory();
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> json =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .filter(f -> !dir.relativize(f).startsWith("target"))
              .toList();
      assertThat(json).containsExactlyInAnyOrderElementsOf(
          dashboards.stream().map(Dashboard::file).toList());
    }
  }

  @Test
  void dashboardsUseTheCurrentSchemaAndLetGrafanaAssignIds() {
    Set<String> titles = new HashSet<>();
    for (Dashboard d : dashboards) {
      assertThat(d.json().path("schemaVersion").asInt()).as("schemaVersion of %s", d.uid()).isGreaterThanOrEqualTo(39);
      assertThat(d.json().path("id").isNull()).as("id of %s is null", d.uid()).isTrue();
      assertThat(d.uid()).matches("[a-z0-9-]{1,40}");
      assertThat(titles.add(d.title())).as("unique title %s", d.title()).isTrue();
      assertThat(d.json().path("tags").toString()).as("tags of %s", d.uid()).contains("\"idtrain\"");
    }
  }

  @Test
  void templateVariablesSelectDataSourceObjectiveAndRuns() {
    for (Dashboard d : dashboards) {
      Map<String, TemplateVariable> variables = d.variables();
      assertThat(variables).as("variables of %s", d.uid()).containsKeys("datasource", "objective", "run");

      TemplateVariable datasource = variables.get("datasource");
      assertThat(datasource.type()).isEqualTo("datasource");
      assertThat(datasource.query()).isEqualTo("prometheus");

      for (String name : List.of("objective", "run")) {
        TemplateVariable v = variables.get(name);
        assertThat(v.type()).as("%s type", name).isEqualTo("query");
        assertThat(v.multi() && v.includeAll()).as("%s multi-select with All", name).isTrue();
        assertThat(v.allValue()).as("%s allValue", name).isNotEmpty();
        assertThat(v.labelValues()).as("%s query", name).hasValueSatisfying(lv -> {
          assertThat(lv.label()).isEqualTo(name);
          assertThat(PromQl.metricNames(lv.selector())).containsExactly("idtrain_run_info");
        });
      }
      for (JsonNode variable : d.json().path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          assertThat(variable.path("datasource").path("uid").asText())
              .as("data source of $%s", variable.path("name").asText())
              .isEqualTo(DATASOURCE);
        }
      }
    }
  }

  @Test
  void everyPanelHasUnitDescriptionAndThresholds() {
    for (Dashboard d : dashboards) {
      assertThat(d.panels()).as("panels of %s", d.uid()).isNotEmpty();
      for (JsonNode panel : d.panels()) {
        String where = d.uid() + " / " + panel.path("title").asText();
        JsonNode defaults = panel.path("fieldConfig").path("defaults");
        assertThat(panel.path("type").asText()).as("type of %s", where).isIn(PANEL_TYPES);
        assertThat(panel.path("title").asText()).as("title in %s", d.uid()).isNotBlank();
        assertThat(panel.path("description").asText()).as("description of %s", where).isNotBlank();
        assertThat(defaults.path("unit").asText()).as("unit of %s", where).isNotBlank();

        JsonNode thresholds = defaults.path("thresholds");
        assertThat(thresholds.path("mode").asText()).as("threshold mode of %s", where).isIn("absolute", "percentage");
        JsonNode steps = thresholds.path("steps");
        assertThat(steps.size()).as("threshold steps of %s", where).isPositive();
        assertThat(steps.get(0).path("value").isNull()).as("base threshold of %s", where).isTrue();
        for (int i = 2; i < steps.size(); i++) {
          assertThat(steps.get(i).path("value").asDouble())
              .as("thresholds of %s ascend", where)
              .isGreaterThan(steps.get(i - 1).path("value").asDouble());
        }
        steps.forEach(s -> assertThat(s.path("color").asText()).as("threshold colour in %s", where).isNotBlank());
      }
    }
  }

  @Test
  void everyPanelAndQueryUsesTheDataSourceVariable() {
    for (Dashboard d : dashboards) {
      for (JsonNode panel : d.panels()) {
        String where = d.uid() + " / " + panel.path("title").asText();
        assertThat(panel.path("datasource").path("uid").asText()).as("data source of %s", where).isEqualTo(DATASOURCE);
        assertThat(panel.path("targets").size()).as("queries of %s", where).isPositive();
        Set<String> refIds = new HashSet<>();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("datasource").path("uid").asText())
              .as("data source of a query of %s", where)
              .isEqualTo(DATASOURCE);
          assertThat(target.path("expr").asText()).as("expr in %s", where).isNotBlank();
          assertThat(refIds.add(target.path("refId").asText())).as("unique refId in %s", where).isTrue();
        }
      }
      for (JsonNode annotation : d.json().path("annotations").path("list")) {
        if (annotation.has("expr")) {
          assertThat(annotation.path("datasource").path("uid").asText())
              .as("data source of annotation %s", annotation.path("name").asText())
              .isEqualTo(DATASOURCE);
        }
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() {
    for (Dashboard d : dashboards) {
      Set<Integer> ids = new HashSet<>();
      List<JsonNode> panels = d.allPanels();
      for (JsonNode panel : panels) {
        assertThat(ids.add(panel.path("id").asInt())).as("unique id %s in %s", panel.path("id"), d.uid()).isTrue();
        JsonNode g = panel.path("gridPos");
        assertThat(g.path("w").asInt()).as("width of %s", panel.path("title")).isPositive();
        assertThat(g.path("h").asInt()).as("height of %s", panel.path("title")).isPositive();
        assertThat(g.path("x").asInt() + g.path("w").asInt()).as("right edge of %s", panel.path("title")).isLessThanOrEqualTo(24);
      }
      for (int i = 0; i < panels.size(); i++) {
        for (int j = i + 1; j < panels.size(); j++) {
          assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
              .as("%s: %s overlaps %s", d.uid(), panels.get(i).path("title"), panels.get(j).path("title"))
              .isFalse();
        }
      }
    }
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
