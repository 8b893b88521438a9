package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.dashboards.MetricContract;
import dev.idtrain.dashboards.PromQl;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules ask only for series the daemon exports (or other rules record). */
class RuleMetricsTest {

  @Test
  void everyRuleNamesOnlyContractMetricsOrRecordedSeries() {
    Set<String> known = new HashSet<>(MetricContract.series());
    Rule.deployed().stream().filter(r -> !r.alerting()).forEach(r -> known.add(r.name()));
    for (Rule rule : Rule.deployed()) {
      assertThat(PromQl.metricNames(rule.expr()))
          .as("metrics of %s", rule.name())
          .isNotEmpty()
          .isSubsetOf(known);
    }
  }

  @Test
  void idtrainSeriesAreSelectedFromTheIdtrainJobOrMatchedOnRunLabels() {
    // "up" is the only series without run labels; it must be scoped to the daemon's job.
    for (Rule rule : Rule.deployed()) {
      for (PromQl.Selector s : PromQl.selectors(rule.expr())) {
        if (s.metric().equals("up")) {
          assertThat(s.matchers()).as("up in %s", rule.name())
              .contains("job=\"" + PrometheusTestConfig.JOB + "\"");
        }
      }
    }
  }
}
