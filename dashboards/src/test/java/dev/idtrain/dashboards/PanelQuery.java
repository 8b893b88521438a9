package dev.idtrain.dashboards;

import java.util.Map;

/**
 * One query of one dashboard panel, as written in the dashboard.
 *
 * @param expr the PromQL expression with its template variable references
 * @param instant whether Grafana runs it as an instant query (tables, for example); otherwise
 *     it is a range query
 * @param variables the dashboard's template variables, by name, for {@link #resolve}
 */
public record PanelQuery(
    String dashboardUid,
    int panelId,
    String panelTitle,
    String refId,
    String expr,
    boolean instant,
    Map<String, TemplateVariable> variables) {

  /** The expression Grafana sends to Prometheus for these variable values. */
  public String resolve(TemplateValues values) {
    return values.substitute(expr, variables);
  }

  /** "dashboard uid / panel title / refId", for assertion messages. */
  public String describe() {
    return dashboardUid + " / " + panelTitle + " / " + refId;
  }
}
