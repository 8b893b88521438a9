package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amtool check-config} (Debian package {@code prometheus-alertmanager}, which CI
 * installs) on the deployed Alertmanager configuration and on the one the delivery test derives
 * from it.
 */
class AmtoolTest {
  @Test
  void theDeployedConfigurationIsValid() throws Exception {
    assertValid(DeployFiles.deployDir().resolve("alertmanager/alertmanager.yml"));
  }

  @Test
  void theTestsConfigurationIsValid(@TempDir Path dir) throws Exception {
    assertValid(AlertmanagerTestConfig.write(dir, "http://127.0.0.1:1/idtrain-alerts",
        Duration.ofSeconds(2)));
  }

  private static void assertValid(Path config) throws Exception {
    Path amtool = DebianPackage.executable("prometheus-alertmanager", "amtool", "AMTOOL");
    Process process = new ProcessBuilder(amtool.toString(), "check-config", config.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS");
  }
}
