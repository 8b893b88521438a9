package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** promtool's own checks of the configuration, the rules, and the rules' unit tests. */
class PromtoolTest {

  @Test
  void configurationIsValid() throws Exception {
    assertSucceeds(DeployFiles.prometheusDir(), "check", "config", "prometheus.yml");
  }

  @Test
  void ruleFilesAreValid() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    DeployFiles.ruleFiles().forEach(f -> args.add(f.toString()));
    assertSucceeds(DeployFiles.prometheusDir(), args.toArray(String[]::new));
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    List<Path> tests = DeployFiles.ruleTestFiles();
    assertThat(tests).as("promtool unit tests in prometheus/tests").isNotEmpty();
    tests.forEach(f -> args.add(f.toString()));
    assertSucceeds(DeployFiles.prometheusDir(), args.toArray(String[]::new));
  }

  static void assertSucceeds(Path workDir, String... args) throws Exception {
    Promtool.Result result = Promtool.run(workDir, List.of(args));
    assertThat(result.exitCode())
        .as("promtool %s failed:%n%s", String.join(" ", args), result.output())
        .isZero();
  }
}
