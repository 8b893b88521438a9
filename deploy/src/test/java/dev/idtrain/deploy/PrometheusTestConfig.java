package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The deployed {@code prometheus.yml}, adapted for a test that starts a real Prometheus: the
 * same job and rules, another target, a shorter scrape and evaluation interval, no
 * Alertmanager (firing alerts are read from {@code /api/v1/alerts}).
 */
public final class PrometheusTestConfig {

  /** The job the alert rules select. */
  public static final String JOB = "idtrain";

  private PrometheusTestConfig() {}

  /**
   * Writes {@code prometheus.yml} into {@code dir} and returns it. Rule files are referenced by
   * absolute path, so the config works from any directory.
   *
   * @param target {@code host:port} of the daemon under test, or a sweep's {@code targets.json}
   * @param interval scrape and rule evaluation interval, e.g. one second
   */
  public static Path write(Path dir, String target, Duration interval) {
    ObjectNode config = (ObjectNode) DeployFiles.readYaml(DeployFiles.prometheusConfig());
    String every = interval.toMillis() + "ms";
    ObjectNode global = config.withObject("/global");
    global.put("scrape_interval", every);
    global.put("evaluation_interval", every);

    ArrayNode ruleFiles = config.putArray("rule_files");
    DeployFiles.ruleFiles().forEach(f -> ruleFiles.add(f.toAbsolutePath().toString()));

    config.remove("alerting");

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
    if (target.endsWith(".json")) {
      // A sweep's targets file: its runs pick free ports and list them there.
      scrape.putArray("file_sd_configs").addObject().putArray("files").add(target);
    } else {
      scrape.putArray("static_configs").addObject().putArray("targets").add(target);
    }

    Path file = dir.resolve("prometheus.yml");
    DeployFiles.writeYaml(file, config);
    return file;
  }
}
