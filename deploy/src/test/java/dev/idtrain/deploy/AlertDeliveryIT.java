package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert reaching a person, for real: idtrain daemons, a real Prometheus with the deployed
 * rules (scrape and evaluation every second), a real Alertmanager with the deployed routes,
 * receivers and inhibitions (every webhook pointed at a receiver in this test, group_interval
 * shortened), and the notifications as that receiver gets them.
 *
 * <ul>
 *   <li>A run that keeps diverging (rolling back, never failing): its divergence page arrives,
 *       with the run's labels, its summary and its runbook, within 15 s of the daemon's first
 *       rollback; once the daemon is stopped, a resolved notification follows.
 *   <li>A run that diverges beyond its one allowed rollback and fails: its failure pages; its
 *       divergence, firing in Prometheus at the same time, is inhibited by the failure and never
 *       reaches the receiver.
 * </ul>
 */
class AlertDeliveryIT {
  private static final Duration SCRAPE = Duration.ofSeconds(1);
  private static final Duration DAEMON_START = Duration.ofMinutes(2);
  /** The deployed critical route waits 5 s to group; the rest is scraping and evaluation. */
  private static final Duration PAGE_WITHIN = Duration.ofSeconds(15);

  /** Diverges on the real engine whatever the seed (see EndToEndIT), rolling back for ever. */
  private static final List<String> DIVERGING = List.of(
      "train.learningRate=1e6",
      "train.maxBadSteps=3",
      "train.rollbackLrFactor=0.99",
      "train.maxRollbacks=1000",
      "train.batchSize=128",
      "dgp.conditionPool=1000",
      "probe.every=1000",
      "probe.samples=1024",
      "telemetry.lingerSeconds=0");

  /**
   * Diverges, rolls back once, diverges again and fails within the critical route's group_wait;
   * lingers so its failure is scraped. Another seed, so another run: inhibition is per run.
   */
  private static final List<String> FAILING = List.of(
      "run.seed=1",
      "train.learningRate=1e6",
      "train.maxBadSteps=3",
      "train.maxRollbacks=1",
      "train.batchSize=128",
      "dgp.conditionPool=1000",
      "probe.every=1000",
      "probe.samples=1024",
      "telemetry.lingerSeconds=600");

  @TempDir Path dir;
  private WebhookReceiver receiver;
  private AlertmanagerServer alertmanager;
  private PrometheusServer prometheus;
  private final List<DaemonProcess> daemons = new java.util.ArrayList<>();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aDivergencePagesWithinSecondsAndResolvesAndAnInhibitedAlertNeverArrives() throws Exception {
    receiver = new WebhookReceiver();
    alertmanager = AlertmanagerServer.start(dir.resolve("alertmanager"),
        AlertmanagerTestConfig.write(dir, receiver.url(), Duration.ofSeconds(2)),
        Duration.ofSeconds(30));
    int divergingPort = PrometheusServer.freePort();
    int failingPort = PrometheusServer.freePort();
    // Both daemons in one static target list: Prometheus sees each from its first second.
    prometheus = PrometheusServer.start(dir.resolve("prometheus"),
        List.of("127.0.0.1:" + divergingPort, "127.0.0.1:" + failingPort), SCRAPE,
        Duration.ofMinutes(1), alertmanager.target());
    prometheus.awaitAlertmanager(Duration.ofSeconds(30));

    DaemonProcess diverging = start("diverging", DIVERGING, divergingPort);
    DaemonProcess failing = start("failing", FAILING, failingPort);
    long firstRollback = Await.until("the diverging run to roll back", Duration.ofMinutes(2),
        Duration.ofMillis(100), () -> diverging.scrape()
            .filter(s -> DaemonProcess.value(s, "idtrain_rollbacks_total").orElse(0) > 0)
            .map(s -> System.nanoTime()),
        () -> diverging.consoleTail(20));

    // The page: the run's labels, summary and runbook, within seconds.
    WebhookReceiver.Notification page = awaitNotification("firing", "IdtrainTrainingDiverged",
        diverging.runId(), PAGE_WITHIN.plusSeconds(30));
    double latency = (page.receivedNanos() - firstRollback) / 1e9;
    log("divergence page %.1f s after the daemon's first rollback was seen on its endpoint", latency);
    JsonNode alert = alertOf(page, "IdtrainTrainingDiverged", diverging.runId()).orElseThrow();
    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(alert.path("labels").path("objective").asText()).isEqualTo("supervised");
    assertThat(alert.path("labels").path("instance").asText()).isEqualTo(diverging.target());
    assertThat(alert.path("annotations").path("summary").asText())
        .isEqualTo("Run " + diverging.runId() + " diverged: rolled back to a checkpoint");
    assertThat(alert.path("annotations").path("runbook").asText())
        .isEqualTo("deploy/README.md#idtraintrainingdiverged");
    assertThat(page.body().path("groupLabels").path("run").asText()).isEqualTo(diverging.runId());
    assertThat(latency).as("seconds from divergence to the page").isLessThanOrEqualTo(PAGE_WITHIN.toSeconds());

    // The failed run: its failure pages; its divergence fires too, and is inhibited.
    awaitNotification("firing", "IdtrainRunFailed", failing.runId(), Duration.ofMinutes(2));
    Await.until("the failed run's divergence to be inhibited in Alertmanager", Duration.ofSeconds(30),
        Duration.ofMillis(200), () -> alertmanager.alerts().stream()
            .filter(a -> a.path("labels").path("alertname").asText().equals("IdtrainTrainingDiverged"))
            .filter(a -> a.path("labels").path("run").asText().equals(failing.runId()))
            .filter(a -> a.path("status").path("inhibitedBy").size() > 0)
            .findFirst(),
        () -> "alertmanager: " + alertmanager.alerts());

    // Resolved: the diverging daemon stopped, its divergence ends and the receiver is told.
    diverging.stop();
    long stopped = System.nanoTime();
    WebhookReceiver.Notification resolved = awaitNotification("resolved", "IdtrainTrainingDiverged",
        diverging.runId(), Duration.ofSeconds(60));
    log("resolved notification %.1f s after the diverging daemon stopped",
        (resolved.receivedNanos() - stopped) / 1e9);

    // Over all of it: not one notification of the inhibited alert.
    assertThat(receiver.received()).as("notifications").noneSatisfy(n ->
        assertThat(alertOf(n, "IdtrainTrainingDiverged", failing.runId())).isPresent());
    log("%d notifications in all", receiver.received().size());
  }

  private DaemonProcess start(String name, List<String> settings, int port) throws Exception {
    DaemonProcess daemon = DaemonProcess.start(name, dir.resolve(name), settings, port, DAEMON_START);
    daemons.add(daemon);
    return daemon;
  }

  /** The first notification of {@code status} carrying {@code alertname} for {@code run}. */
  private WebhookReceiver.Notification awaitNotification(String status, String alertname, String run,
      Duration timeout) throws InterruptedException {
    return Await.until(status + " " + alertname + " for " + run + " at the receiver", timeout,
        Duration.ofMillis(50), () -> receiver.received().stream()
            .filter(n -> alertOf(n, alertname, run)
                .filter(a -> a.path("status").asText().equals(status)).isPresent())
            .findFirst(),
        () -> "received: " + receiver.received() + "\nprometheus alerts: " + prometheus.alerts()
            + "\nalertmanager: " + alertmanager.alerts() + "\n" + alertmanager.logTail(20));
  }

  private static Optional<JsonNode> alertOf(WebhookReceiver.Notification n, String alertname, String run) {
    return n.alerts().stream()
        .filter(a -> a.path("labels").path("alertname").asText().equals(alertname))
        .filter(a -> a.path("labels").path("run").asText().equals(run))
        .findFirst();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (DaemonProcess daemon : daemons) {
      daemon.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static void log(String format, Object... args) {
    System.out.println("[alerts] " + String.format(Locale.ROOT, format, args));
  }
}
