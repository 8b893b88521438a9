package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The deployed {@code alertmanager.yml}, adapted for a test that starts a real Alertmanager: the
 * same routes, group waits, receivers and inhibitions, every webhook pointed at the test's
 * receiver, and a short {@code group_interval}, so that a resolved alert is told within seconds
 * rather than at the next of the deployed minutes-apart flushes.
 */
final class AlertmanagerTestConfig {
  private AlertmanagerTestConfig() {}

  static Path write(Path dir, String webhook, Duration groupInterval) {
    ObjectNode config = (ObjectNode) DeployFiles.readYaml(DeployFiles.deployDir()
        .resolve("alertmanager/alertmanager.yml"));
    for (JsonNode receiver : config.path("receivers")) {
      for (JsonNode hook : receiver.path("webhook_configs")) {
        ((ObjectNode) hook).put("url", webhook);
      }
    }
    String every = groupInterval.toMillis() + "ms";
    ObjectNode route = config.withObject("/route");
    route.put("group_interval", every);
    route.path("routes").forEach(r -> ((ObjectNode) r).put("group_interval", every));
    Path file = dir.resolve("alertmanager.yml");
    DeployFiles.writeYaml(file, config);
    return file;
  }
}
