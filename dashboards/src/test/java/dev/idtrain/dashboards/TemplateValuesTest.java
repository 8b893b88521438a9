package dev.idtrain.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateValuesTest {

  private static final Map<String, TemplateVariable> VARIABLES =
      Map.of(
          "run", new TemplateVariable("run", "query", "label_values(idtrain_run_info, run)", true, true, ".+"),
          "ds", new TemplateVariable("ds", "datasource", "prometheus", false, false, ""));

  @Test
  void allSelectsTheAllValue() {
    assertThat(TemplateValues.defaults().substitute("x{run=~\"$run\"}", VARIABLES))
        .isEqualTo("x{run=~\".+\"}");
  }

  @Test
  void severalValuesBecomeAnEscapedAlternation() {
    TemplateValues values = TemplateValues.defaults().with("run", "a.1", "b");
    assertThat(values.substitute("x{run=~\"${run}\"}", VARIABLES))
        .isEqualTo("x{run=~\"(a\\\\.1|b)\"}");
    assertThat(TemplateValues.defaults().with("run", "r-7").substitute("[[run]]", VARIABLES))
        .isEqualTo("r-7");
  }

  @Test
  void rateIntervalFollowsGrafana() {
    TemplateValues values = TemplateValues.defaults();
    assertThat(values.substitute("[$__rate_interval] [$__interval] [$__range]", VARIABLES))
        .isEqualTo("[60s] [15s] [3600s]");
    TemplateValues fast =
        values.withScrapeInterval(Duration.ofSeconds(1)).withInterval(Duration.ofMillis(500));
    assertThat(fast.rateInterval()).isEqualTo(Duration.ofSeconds(4));
    assertThat(fast.substitute("$__interval", VARIABLES)).isEqualTo("500ms");
  }

  @Test
  void refusesUnknownVariablesAndDataSources() {
    assertThatThrownBy(() -> TemplateValues.defaults().substitute("$nope", VARIABLES))
        .hasMessageContaining("$nope");
    assertThatThrownBy(() -> TemplateValues.defaults().substitute("$ds", VARIABLES))
        .hasMessageContaining("datasource");
  }
}
