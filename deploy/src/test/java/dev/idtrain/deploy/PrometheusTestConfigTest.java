package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusTestConfigTest {

  @Test
  void writesAValidConfigWithTheTestTargetAndInterval(@TempDir Path dir) throws Exception {
    Path file = PrometheusTestConfig.write(dir, List.of("127.0.0.1:19404"), Duration.ofSeconds(1), null);

    // promtool also loads the rule files, so their absolute paths are checked too.
    PromtoolTest.assertSucceeds(dir, "check", "config", file.toString());
    JsonNode config = DeployFiles.readYaml(file);
    assertThat(config.at("/global/scrape_interval").asText()).isEqualTo("1000ms");
    assertThat(config.at("/global/evaluation_interval").asText()).isEqualTo("1000ms");
    assertThat(config.has("alerting")).isFalse();
    assertThat(config.at("/scrape_configs/0/job_name").asText()).isEqualTo("idtrain");
    assertThat(config.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo("127.0.0.1:19404");
    assertThat(config.at("/rule_files").size()).isEqualTo(DeployFiles.ruleFiles().size());
  }
}
