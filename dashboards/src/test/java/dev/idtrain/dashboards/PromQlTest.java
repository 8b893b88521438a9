package dev.idtrain.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.dashboards.PromQl.Selector;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsMetricsButNotFunctionsAggregationsOrGroupingLabels() {
    String expr =
        "histogram_quantile(0.99, sum by (run, le) (rate(idtrain_step_seconds_bucket{run=~\"$run\"}[5m])))"
            + " / on (job, instance) group_left (dim) idtrain_run_info";
    assertThat(PromQl.metricNames(expr))
        .containsExactly("idtrain_step_seconds_bucket", "idtrain_run_info");
  }

  @Test
  void skipsStringsNumbersDurationsAndKeywords() {
    String expr =
        "label_replace(up{job=\"a,b\"}, \"x\", \"$1\", \"instance\", \"(.*):.*\") > bool 1e-3"
            + " and idtrain_loss offset 5m unless nan or Inf";
    assertThat(PromQl.metricNames(expr)).containsExactly("up", "idtrain_loss");
  }

  @Test
  void readsRecordedSeriesNamesWithColons() {
    assertThat(PromQl.metricNames("run:idtrain_steps:rate1m{run=~\"$run\"} > 0"))
        .containsExactly("run:idtrain_steps:rate1m");
  }

  @Test
  void returnsTheMatchersOfEachSelector() {
    assertThat(PromQl.selectors("a{x=\"}\", y=~\"$y\"} + b - sum(c{})"))
        .containsExactly(
            new Selector("a", "x=\"}\", y=~\"$y\""), new Selector("b", ""), new Selector("c", ""));
  }
}
