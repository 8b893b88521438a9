package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.sweep.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubernetes/sweep/sweep.yaml is what {@code sweep --kubernetes} prints for its grid today. */
class SweepManifestsTest {
  @Test
  void theExampleManifestsAreThoseTheSweepPrintsForItsGrid() throws IOException {
    Path dir = DeployFiles.deployDir().resolve("kubernetes").resolve("sweep");
    String printed = Sweep.load(dir.resolve("grid.yaml").toString(), List.of(), null, null).kubernetes(2);
    assertThat(withoutCommandLine(Files.readString(dir.resolve("sweep.yaml"))))
        .as("regenerate with: bin/idtrain sweep --grid deploy/kubernetes/sweep/grid.yaml --kubernetes"
            + " --workers 2 > deploy/kubernetes/sweep/sweep.yaml")
        .isEqualTo(withoutCommandLine(printed));
  }

  /** The command line in the header names the grid by a path relative to where it ran. */
  private static String withoutCommandLine(String manifests) {
    return manifests.replaceFirst("(?m)^# Printed by: .*$", "");
  }
}
