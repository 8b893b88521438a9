package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Conventions promtool does not check: what every alert carries for the person paged, that
 * every alert rule is unit-tested both ways, and that recorded series are named and tested.
 */
class AlertRulesTest {

  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  private final List<Rule> rules = Rule.deployed();
  private final List<JsonNode> ruleTests = loadRuleTests();

  @Test
  void everyAlertCarriesSeveritySummaryDescriptionAndRunbook() {
    List<Rule> alerts = alerts();
    assertThat(alerts).isNotEmpty();
    for (Rule alert : alerts) {
      assertThat(alert.labels().get("severity")).as("severity of %s", alert.name()).isIn(SEVERITIES);
      assertThat(alert.annotations().get("summary")).as("summary of %s", alert.name()).isNotBlank();
      assertThat(alert.annotations().get("description"))
          .as("description of %s", alert.name())
          .isNotBlank();
      assertThat(alert.annotations().get("runbook"))
          .as("runbook of %s", alert.name())
          .isEqualTo(Runbook.annotationFor(alert.name()));
    }
  }

  @Test
  void everyAlertRuleHasAPromtoolCaseWhereItFires() {
    for (Rule alert : alerts()) {
      boolean fires =
          alertTests(alert.name())
              .flatMap(t -> stream(t.path("exp_alerts")))
              .anyMatch(exp -> Rule.strings(exp.path("exp_labels")).entrySet()
                  .containsAll(alert.labels().entrySet()));
      assertThat(fires)
          .as("a promtool case where %s with labels %s fires", alert.name(), alert.labels())
          .isTrue();
    }
  }

  @Test
  void everyAlertHasAPromtoolCaseWhereItMustNotFire() {
    for (Rule alert : alerts()) {
      boolean silent = alertTests(alert.name()).anyMatch(t -> t.path("exp_alerts").isEmpty());
      assertThat(silent).as("a promtool case where %s must not fire", alert.name()).isTrue();
    }
  }

  @Test
  void nonFiniteStepsPageWithoutDelay() {
    // The signal nobody should wait for, and the one the end-to-end test drives.
    assertThat(alerts())
        .filteredOn(a -> "nonfinite".equals(a.labels().get("signal")))
        .singleElement()
        .satisfies(a -> assertThat(a.name()).isEqualTo("IdtrainTrainingDiverged"))
        .satisfies(a -> assertThat(a.forDuration()).isIn("0s", "0m"));
  }

  @Test
  void recordedSeriesFollowTheLevelMetricOperationsConvention() {
    List<Rule> recording = rules.stream().filter(r -> !r.alerting()).toList();
    assertThat(recording).isNotEmpty();
    for (Rule rule : recording) {
      assertThat(rule.name())
          .as("recorded series name")
          .matches("[a-z_]+:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*")
          // rate() and increase() of a counter drop its _total suffix.
          .doesNotContain("_total:");
    }
  }

  @Test
  void everyRecordedSeriesIsUnitTested() {
    List<String> exprs =
        ruleTests.stream()
            .flatMap(f -> stream(f.path("tests")))
            .flatMap(t -> stream(t.path("promql_expr_test")))
            .map(t -> t.path("expr").asText())
            .toList();
    for (Rule rule : rules) {
      if (!rule.alerting()) {
        assertThat(exprs).as("promql_expr_test of %s", rule.name())
            .anyMatch(e -> e.contains(rule.name()));
      }
    }
  }

  @Test
  void unitTestsLoadTheDeployedRuleFiles() {
    List<Path> deployed = DeployFiles.ruleFiles();
    for (Path testFile : DeployFiles.ruleTestFiles()) {
      for (JsonNode ruleFile : DeployFiles.readYaml(testFile).path("rule_files")) {
        assertThat(testFile.resolveSibling(ruleFile.asText()).normalize())
            .as("rule file loaded by %s", testFile.getFileName())
            .isIn(deployed);
      }
    }
  }

  private List<Rule> alerts() {
    return rules.stream().filter(Rule::alerting).toList();
  }

  private Stream<JsonNode> alertTests(String alertName) {
    return ruleTests.stream()
        .flatMap(f -> stream(f.path("tests")))
        .flatMap(t -> stream(t.path("alert_rule_test")))
        .filter(t -> alertName.equals(t.path("alertname").asText()));
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes.stream();
  }

  private static List<JsonNode> loadRuleTests() {
    return DeployFiles.ruleTestFiles().stream().map(DeployFiles::readYaml).toList();
  }
}
