package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The deployed {@code prometheus.yml}, adapted for a test that starts a real Prometheus: the
 * same job and rules, another target, a shorter scrape and evaluation interval, and the test's
 * Alertmanager or none (firing alerts are then read from {@code /api/v1/alerts}).
 */
public final class PrometheusTestConfig {

  /** The job the alert rules select. */
  public static final String JOB = "idtrain";

  private PrometheusTestConfig() {}

  /**
   * Writes {@code prometheus.yml} into {@code dir} and returns it. Rule files are referenced by
   * absolute path, so the config works from any directory.
   *
   * @param targets {@code host:port} of each daemon under test, or a sweep's {@code targets/*.json}
   * @param interval scrape and rule evaluation interval, e.g. one second
   * @param alertmanager {@code host:port} of the Alertmanager to send alerts to, or null for none
   */
  public static Path write(Path dir, List<String> targets, Duration interval, String alertmanager) {
    ObjectNode config = (ObjectNode) DeployFiles.readYaml(DeployFiles.prometheusConfig());
    String every = interval.toMillis() + "ms";
    ObjectNode global = config.withObject("/global");
    global.put("scrape_interval", every);
    global.put("evaluation_interval", every);

    ArrayNode ruleFiles = config.putArray("rule_files");
    DeployFiles.ruleFiles().forEach(f -> ruleFiles.add(f.toAbsolutePath().toString()));

    if (alertmanager == null) {
      config.remove("alerting");
    } else {
      ObjectNode alerting = config.putObject("alerting");
      alerting.putArray("alertmanagers").addObject().putArray("static_configs").addObject()
          .putArray("targets").add(alertmanager);
    }

    JsonNode job = null;
    for (JsonNode scrape : config.path("scrape_configs")) {
      if (JOB.equals(scrape.path("job_name").asText())) {
        job = scrape;
      }
    }
    if (job == null) {
      throw new IllegalStateException("prometheus.yml has no scrape job " + JOB);
    }
    ObjectNode scrape = (ObjectNode) job;
    scrape.remove("scrape_interval");
    if (targets.size() == 1 && targets.get(0).endsWith(".json")) {
      // A sweep's target files: its runs pick free ports and each lists its own there.
      scrape.putArray("file_sd_configs").addObject().putArray("files").add(targets.get(0));
    } else {
      ArrayNode list = scrape.putArray("static_configs").addObject().putArray("targets");
      targets.forEach(list::add);
    }

    Path file = dir.resolve("prometheus.yml");
    DeployFiles.writeYaml(file, config);
    return file;
  }
}
