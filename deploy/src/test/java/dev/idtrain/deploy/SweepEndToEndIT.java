package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idtrain.dashboards.Dashboard;
import dev.idtrain.dashboards.PanelQuery;
import dev.idtrain.dashboards.TemplateValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sweep dashboard, live: a real sweep ({@code idtrain sweep}, three runs at once: one that
 * finishes, one that diverges and fails, one still training), a real Prometheus that finds the
 * runs through the files its runs keep in {@code DIR/targets/}, and every query of the dashboard run as Grafana
 * would for that sweep: each must return data. Needs {@code prometheus} on PATH.
 */
class SweepEndToEndIT {
  static final String DASHBOARD = "idtrain-sweep";

  private static final Duration SCRAPE = Duration.ofSeconds(1);
  private static final Duration RANGE = Duration.ofMinutes(5);
  private static final String SWEEP = "e2e";

  /**
   * Quick runs that keep serving their final state (lingerSeconds) until the sweep is stopped.
   * The short and the long run are rows of the paper (the reference R² exists); the diverging one
   * fails at its first divergence (lr 1e6, no rollbacks allowed).
   */
  private static final String GRID = """
      name: e2e
      steps: 100000
      base:
        train: {batchSize: 128}
        dgp: {conditionPool: 1000}
        probe: {every: 20, samples: 1024}
        checkpoint: {everySteps: 50}
        telemetry: {lingerSeconds: 600}
      points:
        - {label: short, steps: 40}
        - {label: long, dgp.kappa: 5}
        - {label: diverging, train.learningRate: 1e6, train.maxBadSteps: 2, train.maxRollbacks: 0}
      """;

  @TempDir Path dir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everySweepDashboardQueryReturnsDataForALiveSweep() throws Exception {
    Path out = Files.createDirectories(dir.resolve("sweep"));
    // Prometheus watches the folder, which must exist when it starts.
    Path targets = Files.createDirectories(out.resolve("targets")).resolve("*.json");
    Path grid = Files.writeString(dir.resolve("grid.yaml"), GRID);
    try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"),
        targets.toAbsolutePath().toString(), SCRAPE, Duration.ofMinutes(1))) {
      Process sweep = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.idtrain.cli.Main",
          "sweep", "--grid", grid.toString(), "--out", out.toString(), "--workers", "3")
          .redirectErrorStream(true).redirectOutput(dir.resolve("sweep.log").toFile()).start();
      ChildProcess child = new ChildProcess(sweep, "sweep");
      try {
        String sel = "{sweep=\"" + SWEEP + "\"";
        List<String> warm = List.of(
            "idtrain_run_state" + sel + ", point=\"short\", state=\"stopped\"} == 1",
            "idtrain_run_state" + sel + ", point=\"diverging\", state=\"failed\"} == 1",
            "idtrain_identifiability_r2" + sel + ", point=\"long\"} > -Inf",
            "rate(idtrain_steps_total" + sel + ", point=\"long\"}[1m]) > 0");
        Await.until("the sweep's runs finished, failed and training in Prometheus", Duration.ofMinutes(4),
            Duration.ofSeconds(1),
            () -> warm.stream().allMatch(q -> nonEmpty(prometheus.query(q))) ? Optional.of(true) : Optional.empty(),
            () -> "warm-up: " + warm + "\nsweep:\n" + LogTail.of(dir.resolve("sweep.log"), 20) + "\n" + prometheus.logTail(10));

        TemplateValues values = TemplateValues.defaults().withScrapeInterval(SCRAPE).withInterval(SCRAPE)
            .withRange(RANGE).with("sweep", SWEEP);
        List<Dashboard> dashboards = Dashboard.loadAll(Dashboard.directory()).stream()
            .filter(d -> d.uid().equals(DASHBOARD)).toList();
        List<PanelQuery> queries = Dashboard.queriesOf(dashboards);
        assertThat(queries).hasSizeGreaterThan(8);
        List<String> missing = new ArrayList<>();
        Instant end = Instant.now();
        for (PanelQuery q : queries) {
          String promql = q.resolve(values);
          PrometheusServer.Answer answer = q.instant() ? prometheus.query(promql)
              : prometheus.queryRange(promql, end.minus(RANGE), end, SCRAPE);
          if (!nonEmpty(answer)) {
            missing.add(q.describe() + ": " + (answer.ok() ? "no data" : answer.error()) + "\n    " + promql);
          }
        }
        assertThat(missing).as("Sweep dashboard queries without data (of %d)", queries.size()).isEmpty();
        for (String label : List.of("sweep", "run", "point")) {
          assertThat(prometheus.labelValues(label, "idtrain_run_info{sweep=\"" + SWEEP + "\"}"))
              .as("label_values(%s)", label).hasSize(label.equals("sweep") ? 1 : 3);
        }
      } finally {
        int code = child.stop(Duration.ofSeconds(60)); // SIGTERM: the sweep stops its runs
        System.out.println("[e2e] sweep exit code " + code + "\n" + LogTail.of(dir.resolve("sweep.log"), 20));
      }
    }
  }

  private static boolean nonEmpty(PrometheusServer.Answer answer) {
    return answer.ok() && answer.result().size() > 0;
  }
}
