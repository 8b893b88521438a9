package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idtrain.dashboards.Dashboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No container engine runs here, so the compose stack, the image and the Kubernetes manifests
 * are kept consistent with the files the other tests exercise: the same Prometheus config and
 * rules, the same dashboards folder, the same ports, command and run directory.
 */
class StackConsistencyTest {

  private static final Path DEPLOY = DeployFiles.deployDir();
  private static final Path REPO = DEPLOY.getParent();
  private static final List<String> DAEMON_COMMAND = List.of("run", "--set", "telemetry.bind=0.0.0.0");

  private final ComposeFile compose = ComposeFile.read();
  private final JsonNode prometheusYml = DeployFiles.readYaml(DeployFiles.prometheusConfig());
  private final Dockerfile dockerfile = Dockerfile.read(DEPLOY.resolve("docker/Dockerfile"));
  private final JsonNode deployment = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/deployment.yaml"));
  private final JsonNode kubernetesScrape = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/prometheus-scrape.yml"));

  @Test
  void composePrometheusLoadsTheTestedConfigAndRules() {
    String configDir = compose.mountTarget("prometheus", DeployFiles.prometheusDir());
    assertThat(compose.flag("prometheus", "--config.file")).hasValue(configDir + "/prometheus.yml");
    for (JsonNode ruleFile : prometheusYml.path("rule_files")) {
      // Relative to prometheus.yml, so inside the mounted folder too.
      assertThat(Path.of(ruleFile.asText()).isAbsolute()).as("%s is relative", ruleFile).isFalse();
    }
    assertThat(DeployFiles.ruleFiles()).allSatisfy(f -> assertThat(f).startsWith(DeployFiles.prometheusDir()).exists());
  }

  @Test
  void composeGrafanaProvisionsTheTestedDashboardsFolder() {
    String provisioning = compose.mountTarget("grafana", DEPLOY.resolve("grafana/provisioning"));
    assertThat(provisioning).isEqualTo("/etc/grafana/provisioning");
    String dashboards = compose.mountTarget("grafana", Dashboard.directory());

    JsonNode providers = DeployFiles.readYaml(DEPLOY.resolve("grafana/provisioning/dashboards/idtrain.yml")).path("providers");
    assertThat(providers.size()).isEqualTo(1);
    assertThat(providers.get(0).at("/options/path").asText()).isEqualTo(dashboards);

    String home = compose.service("grafana").at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    assertThat(home).startsWith(dashboards + "/");
    assertThat(Dashboard.directory().resolve(home.substring(dashboards.length() + 1))).isRegularFile();
  }

  @Test
  void grafanaDataSourcesPointAtPrometheusAndAlertmanager() {
    JsonNode sources = DeployFiles.readYaml(DEPLOY.resolve("grafana/provisioning/datasources/idtrain.yml")).path("datasources");
    JsonNode prometheus = byType(sources, "prometheus");
    assertThat(prometheus.path("url").asText()).isEqualTo("http://127.0.0.1:" + listenPort("prometheus"));
    assertThat(prometheus.path("isDefault").asBoolean()).isTrue();
    // $__rate_interval in the dashboards is derived from this.
    assertThat(prometheus.at("/jsonData/timeInterval").asText())
        .isEqualTo(prometheusYml.at("/global/scrape_interval").asText());
    assertThat(byType(sources, "alertmanager").path("url").asText())
        .isEqualTo("http://127.0.0.1:" + listenPort("alertmanager"));
  }

  @Test
  void prometheusSendsAlertsToTheComposeAlertmanager() {
    String alertmanagerDir = compose.mountTarget("alertmanager", DEPLOY.resolve("alertmanager"));
    assertThat(compose.flag("alertmanager", "--config.file")).hasValue(alertmanagerDir + "/alertmanager.yml");
    assertThat(prometheusYml.at("/alerting/alertmanagers/0/static_configs/0/targets/0").asText())
        .isEqualTo("127.0.0.1:" + listenPort("alertmanager"));
  }

  @Test
  void composeServicesShareOneNetworkNamespaceThatPublishesEveryPort() {
    for (String service : compose.serviceNames()) {
      if (!service.equals("netns")) {
        assertThat(compose.service(service).path("network_mode").asText()).as(service).isEqualTo("service:netns");
      }
    }
    Set<String> published = new HashSet<>();
    compose.service("netns").path("ports").forEach(p -> {
      String[] parts = p.asText().split(":");
      published.add(parts[parts.length - 1]);
    });
    assertThat(published).contains(
        listenPort("prometheus"), listenPort("alertmanager"), "3000", daemonPort());
    assertThat(compose.service("grafana").at("/environment/GF_SERVER_HTTP_PORT").asText()).isEqualTo("3000");
  }

  @Test
  void theImageRunsTheTrainerJarWithTheDaemonCommand() throws Exception {
    List<String> entrypoint = dockerfile.execForm("ENTRYPOINT");
    assertThat(entrypoint).contains("-Dai.djl.offline=true").endsWith("dev.idtrain.cli.Main")
        .containsSequence("--add-modules", "jdk.incubator.vector");
    assertThat(dockerfile.execForm("CMD")).isEqualTo(DAEMON_COMMAND);
    assertThat(compose.command("idtrain")).isEqualTo(DAEMON_COMMAND);
    assertThat(words(deployment.at("/spec/template/spec/containers/0/args"))).isEqualTo(DAEMON_COMMAND);
    assertThat(dockerfile.all("EXPOSE")).containsExactly(daemonPort());

    String jar = trainerJarName();
    assertThat(dockerfile.all("COPY")).anyMatch(c -> c.contains("/trainer/target/" + jar + " "));
    assertThat(dockerfile.all("COPY")).anyMatch(c -> c.contains("/trainer/target/lib/ "));

    JsonNode build = compose.service("idtrain").path("build");
    Path context = compose.file().getParent().resolve(build.path("context").asText()).normalize();
    assertThat(context).isEqualTo(REPO);
    assertThat(context.resolve(build.path("dockerfile").asText())).isEqualTo(DEPLOY.resolve("docker/Dockerfile"));
  }

  @Test
  void runDirectoriesLiveOnTheVolume() {
    String runs = dockerfile.last("WORKDIR") + "/runs";
    assertThat(dockerfile.last("VOLUME")).contains("\"" + runs + "\"");
    assertThat(compose.service("idtrain").path("volumes").get(0).asText()).endsWith(":" + runs);
    JsonNode mounts = deployment.at("/spec/template/spec/containers/0/volumeMounts");
    assertThat(mounts.findValuesAsText("mountPath")).contains(runs);
    assertThat(dockerfile.last("ENV")).contains("DJL_CACHE_DIR=/var/cache/idtrain/");
    assertThat(mounts.findValuesAsText("mountPath")).contains("/var/cache/idtrain");
  }

  @Test
  void kubernetesProbesPortsAndScrapeAnnotationsMatchTheDaemon() {
    JsonNode pod = deployment.at("/spec/template");
    JsonNode container = pod.at("/spec/containers/0");
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("metrics");
    assertThat(container.at("/ports/0/containerPort").asText()).isEqualTo(daemonPort());
    assertThat(pod.at("/metadata/annotations").path("prometheus.io/port").asText()).isEqualTo(daemonPort());
    assertThat(pod.at("/metadata/annotations").path("prometheus.io/path").asText())
        .isEqualTo(prometheusYml.at("/scrape_configs/0/metrics_path").asText());
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/-/healthy");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/-/ready");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("metrics");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("metrics");

    JsonNode service = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/service.yaml"));
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("metrics");
    assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));

    JsonNode pvc = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/pvc.yaml"));
    assertThat(pod.at("/spec/volumes").findValuesAsText("claimName")).containsExactly(pvc.at("/metadata/name").asText());
  }

  @Test
  void kustomizationListsEveryManifest() {
    JsonNode kustomization = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/kustomization.yaml"));
    List<String> manifests =
        DeployFiles.list(DEPLOY.resolve("kubernetes"), ".yaml").stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.equals("kustomization.yaml"))
            .toList();
    assertThat(words(kustomization.path("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
  }

  @Test
  void kubernetesScrapeJobIsValidAndNamedAsTheRulesExpect(@TempDir Path dir) throws Exception {
    JsonNode scrape = kubernetesScrape.path("scrape_configs");
    assertThat(scrape.findValuesAsText("job_name")).containsExactly(PrometheusTestConfig.JOB);

    // The job as part of a complete configuration with the deployed rules. Debian's
    // Prometheus is built without Kubernetes service discovery, so promtool checks the job
    // (relabelling included) with a static target in place of kubernetes_sd_configs.
    ObjectNode job = (ObjectNode) scrape.get(0).deepCopy();
    assertThat(job.has("kubernetes_sd_configs")).isTrue();
    job.remove("kubernetes_sd_configs");
    job.putArray("static_configs").addObject().putArray("targets").add("10.0.0.1:9404");
    ObjectNode config = (ObjectNode) DeployFiles.readYaml(DeployFiles.prometheusConfig());
    config.putArray("scrape_configs").add(job);
    config.set("alerting", kubernetesScrape.path("alerting"));
    ArrayNode ruleFiles = config.putArray("rule_files");
    DeployFiles.ruleFiles().forEach(f -> ruleFiles.add(f.toString()));
    Path file = dir.resolve("prometheus.yml");
    DeployFiles.writeYaml(file, config);
    PromtoolTest.assertSucceeds(dir, "check", "config", file.toString());
  }

  @Test
  void kubernetesPrometheusSendsAlertsToTheClustersAlertmanagerLoadingTheDeployedConfig() {
    JsonNode alertmanager = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/alertmanager-deployment.yaml"));
    JsonNode service = DeployFiles.readYaml(DEPLOY.resolve("kubernetes/alertmanager-service.yaml"));
    JsonNode pod = alertmanager.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(words(container.path("args"))).contains("--config.file=/etc/alertmanager/alertmanager.yml");
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/etc/alertmanager");
    // The config map is created from deploy/alertmanager/alertmanager.yml, keyed by its file name.
    assertThat(pod.at("/volumes/0/configMap/name").asText()).isEqualTo("idtrain-alertmanager");
    assertThat(container.path("image").asText()).isEqualTo(compose.service("alertmanager").path("image").asText());

    assertThat(service.at("/spec/selector")).isEqualTo(alertmanager.at("/spec/template/metadata/labels"));
    assertThat(kubernetesScrape.at("/alerting/alertmanagers/0/static_configs/0/targets/0").asText())
        .isEqualTo(service.at("/metadata/name").asText() + ":" + service.at("/spec/ports/0/port").asText());
  }

  @Test
  void alertmanagerRoutesToADefinedReceiverAndInhibitsOnlyExistingAlerts() {
    JsonNode alertmanager = DeployFiles.readYaml(DEPLOY.resolve("alertmanager/alertmanager.yml"));
    Set<String> receivers = new HashSet<>(alertmanager.path("receivers").findValuesAsText("name"));
    assertThat(receivers).contains(alertmanager.at("/route/receiver").asText());
    alertmanager.at("/route/routes").forEach(r -> assertThat(receivers).contains(r.path("receiver").asText()));
    assertThat(words(alertmanager.at("/route/group_by"))).contains("run");

    Set<String> alerts = Rule.deployed().stream().filter(Rule::alerting).map(Rule::name).collect(Collectors.toSet());
    Matcher names = Pattern.compile("Idtrain[A-Za-z]+").matcher(alertmanager.path("inhibit_rules").toString());
    List<String> named = new ArrayList<>();
    while (names.find()) {
      named.add(names.group());
    }
    assertThat(named).isNotEmpty();
    assertThat(alerts).containsAll(named);
  }

  @Test
  void theDaemonIsScrapedOnItsDefaultPort() {
    // telemetry.port defaults to 9404.
    assertThat(prometheusYml.at("/scrape_configs/0/job_name").asText()).isEqualTo(PrometheusTestConfig.JOB);
    assertThat(prometheusYml.at("/scrape_configs/0/static_configs/0/targets/0").asText()).isEqualTo("127.0.0.1:9404");
  }

  private String daemonPort() {
    String target = prometheusYml.at("/scrape_configs/0/static_configs/0/targets/0").asText();
    return target.substring(target.lastIndexOf(':') + 1);
  }

  private String listenPort(String service) {
    String address = compose.flag(service, "--web.listen-address").orElseThrow(
        () -> new AssertionError(service + " has no --web.listen-address"));
    return address.substring(address.lastIndexOf(':') + 1);
  }

  private static JsonNode byType(JsonNode sources, String type) {
    for (JsonNode source : sources) {
      if (source.path("type").asText().equals(type)) {
        return source;
      }
    }
    throw new AssertionError("no " + type + " data source");
  }

  private static List<String> words(JsonNode array) {
    List<String> words = new ArrayList<>();
    array.forEach(w -> words.add(w.asText()));
    return words;
  }

  /** artifactId-version.jar of trainer/pom.xml, the version inherited from the parent. */
  private static String trainerJarName() throws Exception {
    String pom = Files.readString(REPO.resolve("trainer/pom.xml"));
    String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    String version = tag(pom.substring(pom.indexOf("<parent>")), "version");
    return tag(withoutParent, "artifactId") + "-" + version + ".jar";
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">\\s*([^<]+?)\\s*</" + name + ">").matcher(xml);
    if (!m.find()) {
      throw new AssertionError("no <" + name + "> in trainer/pom.xml");
    }
    return m.group(1);
  }
}
