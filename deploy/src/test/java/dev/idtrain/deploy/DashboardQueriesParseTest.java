package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idtrain.dashboards.Dashboard;
import dev.idtrain.dashboards.PanelQuery;
import dev.idtrain.dashboards.TemplateValues;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard query, with Grafana's substitutions made, is valid PromQL for the Prometheus
 * version we deploy: promtool parses and type-checks each one as a recording rule expression.
 */
class DashboardQueriesParseTest {

  @Test
  void everyDashboardQueryParses(@TempDir Path dir) throws Exception {
    TemplateValues values = TemplateValues.defaults();
    ObjectNode file = JsonNodeFactory.instance.objectNode();
    ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard_queries");
    ArrayNode rules = group.putArray("rules");
    for (Dashboard d : Dashboard.loadAll(Dashboard.directory())) {
      // Record names say where a query that fails to parse comes from.
      for (PanelQuery q : d.queries()) {
        String name = "dashboard_" + d.uid() + "_panel_" + q.panelId() + "_" + q.refId();
        rules.addObject().put("record", sanitize(name)).put("expr", q.resolve(values));
      }
      List<String> annotations = d.annotationExprs();
      for (int i = 0; i < annotations.size(); i++) {
        rules.addObject()
            .put("record", sanitize("dashboard_" + d.uid() + "_annotation_" + i))
            .put("expr", values.substitute(annotations.get(i), d.variables()));
      }
    }
    Path rulesFile = dir.resolve("dashboard-queries.yml");
    DeployFiles.writeYaml(rulesFile, file);

    PromtoolTest.assertSucceeds(dir, "check", "rules", rulesFile.toString());
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
