package dev.idtrain.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboards ask only for what the daemon and the recording rules provide, per run. */
class DashboardQueriesTest {

  private final List<Dashboard> dashboards = Dashboard.loadAll(Dashboard.directory());
  private final Set<String> recorded = RecordingRules.names(RecordingRules.directory());

  @Test
  void everyQueryNamesOnlyContractMetricsOrRecordedSeries() {
    Set<String> known = new HashSet<>(MetricContract.series());
    known.addAll(recorded);
    for (Dashboard d : dashboards) {
      for (String expr : exprs(d)) {
        assertThat(PromQl.metricNames(expr)).as("metrics of %s in %s", expr, d.uid()).isNotEmpty().isSubsetOf(known);
      }
    }
  }

  @Test
  void everySelectorIsFilteredByTheSelectedRunsAndObjectives() {
    for (Dashboard d : dashboards) {
      for (String expr : exprs(d)) {
        for (PromQl.Selector s : PromQl.selectors(expr)) {
          assertThat(s.matchers())
              .as("selector %s in %s (%s)", s.metric(), d.uid(), expr)
              .contains("run=~\"$run\"")
              .contains("objective=~\"$objective\"");
        }
      }
    }
  }

  @Test
  void everyQueryResolvesWithTheDefaultAndWithSelectedValues() {
    TemplateValues all = TemplateValues.defaults();
    TemplateValues two = all.with("run", "r1", "r2").with("objective", "supervised");
    for (PanelQuery q : Dashboard.queriesOf(dashboards)) {
      assertThatCode(() -> q.resolve(all)).as(q.describe()).doesNotThrowAnyException();
      assertThat(q.resolve(all)).as(q.describe()).doesNotContain("$");
      assertThat(q.resolve(two)).as(q.describe()).contains("(r1|r2)").doesNotContain("$");
    }
  }

  @Test
  void everyRecordedSeriesIsShownSomewhere() {
    // Recording rules exist for the dashboards' sake; one nobody shows is dead weight.
    Set<String> used = new HashSet<>();
    dashboards.forEach(d -> exprs(d).forEach(e -> used.addAll(PromQl.metricNames(e))));
    assertThat(used).containsAll(recorded);
  }

  @Test
  void theIdentifiabilityDashboardShowsThePapersReference() {
    assertThat(Dashboard.queriesOf(dashboards))
        .filteredOn(q -> q.dashboardUid().equals("idtrain-identifiability"))
        .anyMatch(q -> PromQl.metricNames(q.expr()).contains("idtrain_reference_r2"));
  }

  @Test
  void theSweepDashboardSelectsBySweepAndShowsEachRunBesideThePaper() {
    Dashboard sweep = dashboards.stream().filter(d -> d.uid().equals("idtrain-sweep")).findFirst().orElseThrow();
    assertThat(sweep.variables().get("sweep").labelValues()).hasValueSatisfying(lv -> {
      assertThat(lv.label()).isEqualTo("sweep");
      assertThat(PromQl.metricNames(lv.selector())).containsExactly("idtrain_run_info");
    });
    for (String expr : exprs(sweep)) {
      for (PromQl.Selector s : PromQl.selectors(expr)) {
        assertThat(s.matchers()).as("selector %s (%s)", s.metric(), expr).contains("sweep=~\"$sweep\"");
      }
    }
    Set<String> shown = new HashSet<>();
    exprs(sweep).forEach(e -> shown.addAll(PromQl.metricNames(e)));
    assertThat(shown).contains("idtrain_identifiability_r2", "idtrain_cluster_r2",
        "idtrain_orthogonality_mae", "idtrain_reference_r2", "idtrain_run_state");
  }

  private static List<String> exprs(Dashboard d) {
    List<String> exprs = new ArrayList<>();
    d.queries().forEach(q -> exprs.add(q.expr()));
    exprs.addAll(d.annotationExprs());
    return exprs;
  }
}
