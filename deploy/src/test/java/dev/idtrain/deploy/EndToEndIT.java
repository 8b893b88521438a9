package dev.idtrain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idtrain.dashboards.Dashboard;
import dev.idtrain.dashboards.MetricContract;
import dev.idtrain.dashboards.PanelQuery;
import dev.idtrain.dashboards.PromQl;
import dev.idtrain.dashboards.TemplateValues;
import dev.idtrain.dashboards.TemplateVariable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole monitoring path, live: a real idtrain daemon, a real Prometheus with the deployed
 * configuration and rules (scrape and evaluation every second), and the dashboards' queries
 * evaluated on what the daemon really exports: once Prometheus has its probe figures and rate
 * windows, every query of every dashboard panel, as Grafana would send it for the daemon's run,
 * returns data, the template variables list the daemon's run and objective, and no alert fires
 * for the healthy run. {@link AlertDeliveryIT} takes alerts on to a person.
 *
 * Needs {@code prometheus} on PATH (Debian package {@code prometheus}, installed by CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {

  /** Scrape and rule evaluation interval of the test Prometheus. */
  private static final Duration SCRAPE = Duration.ofSeconds(1);

  /**
   * The dashboards' time range for the check: the last 5 minutes. Grafana's query step for it is
   * the data source's minimum interval, the scrape interval.
   */
  private static final Duration RANGE = Duration.ofMinutes(5);

  private static final Duration DAEMON_START = Duration.ofMinutes(2);
  private static final String OBJECTIVE = "supervised";

  /**
   * The default experiment (d=5, K=100, vMF kappa=10, supervised: a row of the paper, so the
   * reference R² series exists), made quick: small batches, a small generator condition pool,
   * frequent small probes, a checkpoint every 50 steps. The temperature is learnt so that the
   * temperature panel has numbers (with a fixed one it is NaN by design); the paper's row does
   * not depend on it.
   */
  private static final List<String> HEALTHY = List.of(
      "train.batchSize=128",
      "dgp.conditionPool=1000",
      "probe.every=20",
      "probe.samples=1024",
      "checkpoint.everySteps=50",
      "model.learnTemperature=true");

  /**
   * A sprites run beside it, for the panels of series only sprites runs have: small batches and
   * the smallest held-out set its 512 features allow.
   */
  private static final List<String> SPRITES = List.of(
      "dgp.kind=sprites",
      "train.batchSize=64",
      "probe.every=20",
      "probe.samples=2056",
      "checkpoint.everySteps=50");

  @TempDir static Path dir;

  private PrometheusServer prometheus;
  private final List<DaemonProcess> daemons = new ArrayList<>();

  /** The check of one panel query. */
  private record QueryCheck(PanelQuery query, String promql, int series, int finiteSeries, String error) {
    boolean hasData() {
      return error == null && series > 0;
    }

    String describe() {
      String outcome = error != null ? "error " + error
          : series == 0 ? "no data"
          : series + " series, " + finiteSeries + " with finite values";
      return query.describe() + ": " + outcome + "\n      " + promql;
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyDashboardQueryReturnsDataForALiveDaemon() throws Exception {
    long start = System.nanoTime();
    DaemonProcess daemon = startDaemon("healthy", HEALTHY);
    DaemonProcess sprites = startDaemon("sprites", SPRITES);
    prometheus = PrometheusServer.start(dir.resolve("prometheus"),
        List.of(daemon.target(), sprites.target()), SCRAPE, Duration.ofMinutes(1), null);
    String run = daemon.runId();

    // Warm-up: the daemon scraped, a probe scored and scraped, and the 1-minute rate windows of
    // the recording rules filled with steps and probes.
    Await.until("Prometheus to scrape " + daemon.target(), Duration.ofMinutes(1), Duration.ofMillis(250),
        () -> present(prometheus.scrapedSuccessfully(daemon.target())),
        () -> prometheus.logTail(20));
    log("%s scraped %.1f s after start", daemon.target(), Await.secondsSince(start));
    String sel = "{run=\"" + run + "\"}";
    List<String> warm = List.of(
        "idtrain_identifiability_r2" + sel + " > -Inf",
        "idtrain_factor_correlation{run=\"" + sprites.runId() + "\"} > -Inf",
        "run:idtrain_steps:rate1m" + sel + " > 0",
        "run:idtrain_probe_seconds:mean1m" + sel + " > 0");
    Await.until("probe figures and step and probe rates in Prometheus", Duration.ofMinutes(3),
        Duration.ofMillis(500),
        () -> present(warm.stream().allMatch(q -> nonEmpty(prometheus.query(q)))),
        () -> "warm-up queries: " + warm + "\ndaemon:\n" + daemon.consoleTail(20));
    log("warmed up %.1f s after start", Await.secondsSince(start));

    TemplateValues values = TemplateValues.defaults()
        .withScrapeInterval(SCRAPE)
        .withInterval(SCRAPE)
        .withRange(RANGE)
        .with("run", run)
        .with("objective", OBJECTIVE);
    // The Sweep dashboard selects runs of a sweep: SweepEndToEndIT checks it against one.
    List<Dashboard> dashboards = Dashboard.loadAll(Dashboard.directory()).stream()
        .filter(d -> !d.uid().equals(SweepEndToEndIT.DASHBOARD)).toList();
    List<PanelQuery> queries = Dashboard.queriesOf(dashboards);
    assertThat(queries).as("dashboard panel queries").isNotEmpty();
    // A panel of series only sprites runs have is looked at for the sprites run.
    TemplateValues spritesValues = values.with("run", sprites.runId());
    Predicate<PanelQuery> ofSprites = q -> PromQl.metricNames(q.expr()).stream()
        .anyMatch(MetricContract.SPRITES::contains);
    assertThat(queries).as("panels of sprites series").anyMatch(ofSprites);

    // Windows that just filled may lag a scrape behind: query until all have data, or a minute.
    AtomicReference<List<QueryCheck>> last = new AtomicReference<>();
    Await.poll(Duration.ofMinutes(1), Duration.ofSeconds(2), () -> {
      List<QueryCheck> round = new ArrayList<>(check(queries.stream().filter(ofSprites.negate()).toList(), values));
      round.addAll(check(queries.stream().filter(ofSprites).toList(), spritesValues));
      last.set(round);
      return present(round.stream().allMatch(QueryCheck::hasData));
    });
    List<QueryCheck> checks = last.get();
    checks.forEach(c -> log("%s %s", c.hasData() ? (c.finiteSeries() > 0 ? "data   " : "NaN    ") : "MISSING",
        c.describe().replace("\n", "\n" + " ".repeat(14))));
    long withData = checks.stream().filter(QueryCheck::hasData).count();
    long withFinite = checks.stream().filter(c -> c.hasData() && c.finiteSeries() > 0).count();
    log("%d dashboard queries checked against the live Prometheus: %d returned data (%d of them"
            + " finite values), %.1f s after start",
        checks.size(), withData, withFinite, Await.secondsSince(start));

    List<String> variableFailures = checkTemplateVariables(dashboards, values, Map.of(
        "run", run, "objective", OBJECTIVE));
    List<String> annotationFailures = checkAnnotations(dashboards, values);
    List<String> alerts = new ArrayList<>(firingAlertsOf(run));
    alerts.addAll(firingAlertsOf(sprites.runId()));

    List<String> failures = new ArrayList<>();
    checks.stream().filter(c -> !c.hasData()).forEach(c -> failures.add(c.describe()));
    assertThat(failures)
        .as("dashboard queries without data for run %s (of %d)", run, checks.size())
        .isEmpty();
    assertThat(variableFailures).as("template variables").isEmpty();
    assertThat(annotationFailures).as("annotation queries").isEmpty();
    assertThat(alerts).as("alerts firing for the healthy runs %s and %s", run, sprites.runId()).isEmpty();
    log("dashboard check done in %.1f s", Await.secondsSince(start));
  }

  @AfterEach
  void stopDaemons() throws InterruptedException {
    for (DaemonProcess daemon : daemons) {
      boolean alive = daemon.isAlive();
      int code = daemon.stop();
      log("%s daemon %s, exit code %s", daemon.name(), alive ? "stopped (SIGTERM)" : "already stopped",
          DaemonProcess.describeExit(code));
      if (code > 128) {
        log("WARNING: %s daemon ended by a signal:%n%s%n%s", daemon.name(), daemon.consoleTail(30),
            daemon.crashReports());
      }
      daemon.close();
    }
    daemons.clear();
  }

  @AfterAll
  void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** Starts a daemon on any free port, then points Prometheus at it. */
  private DaemonProcess startDaemon(String name, List<String> settings) throws Exception {
    DaemonProcess daemon = DaemonProcess.start(name, dir.resolve(name), settings, 0, DAEMON_START);
    daemons.add(daemon);
    log("%s daemon: run %s at %s", name, daemon.runId(), daemon.target());
    return daemon;
  }

  /** Runs every query as Grafana would: range queries over {@link #RANGE}, step = scrape interval. */
  private List<QueryCheck> check(List<PanelQuery> queries, TemplateValues values) {
    Instant end = Instant.now();
    Instant begin = end.minus(RANGE);
    List<QueryCheck> checks = new ArrayList<>();
    for (PanelQuery query : queries) {
      String promql = query.resolve(values);
      PrometheusServer.Answer answer = query.instant()
          ? prometheus.query(promql)
          : prometheus.queryRange(promql, begin, end, SCRAPE);
      if (!answer.ok()) {
        checks.add(new QueryCheck(query, promql, 0, 0, answer.error()));
        continue;
      }
      int finite = 0;
      for (JsonNode series : answer.result()) {
        if (hasFiniteValue(series)) {
          finite++;
        }
      }
      checks.add(new QueryCheck(query, promql, answer.result().size(), finite, null));
    }
    return checks;
  }

  /**
   * Every {@code label_values} variable, resolved with the selected values and with "All", must
   * list the daemon's value of its label.
   */
  private List<String> checkTemplateVariables(
      List<Dashboard> dashboards, TemplateValues selected, Map<String, String> expected) {
    Map<String, TemplateVariable.LabelValues> asked = new LinkedHashMap<>();
    for (Dashboard d : dashboards) {
      for (TemplateVariable v : d.variables().values()) {
        Optional<TemplateVariable.LabelValues> query = v.labelValues();
        if (query.isEmpty()) {
          continue;
        }
        for (TemplateValues values : List.of(selected, TemplateValues.defaults())) {
          String selector = values.substitute(query.get().selector(), d.variables());
          asked.put(d.uid() + " $" + v.name() + " " + selector,
              new TemplateVariable.LabelValues(selector, query.get().label()));
        }
      }
    }
    assertThat(asked).as("label_values variables in the dashboards").isNotEmpty();
    List<String> failures = new ArrayList<>();
    Set<String> distinct = new LinkedHashSet<>();
    asked.forEach((where, query) -> {
      String want = expected.get(query.label());
      List<String> got = prometheus.labelValues(query.label(), query.selector());
      distinct.add(query.label() + " " + query.selector() + " -> " + got);
      if (want == null || !got.contains(want)) {
        failures.add(where + ": label_values(" + query.selector() + ", " + query.label() + ") = "
            + got + ", expected to contain " + want);
      }
    });
    distinct.forEach(d -> log("variable  %s", d));
    log("%d template variable queries checked, %d failed", asked.size(), failures.size());
    return failures;
  }

  /** Annotation queries mark events (rollbacks, restarts): they must run, data is not expected. */
  private List<String> checkAnnotations(List<Dashboard> dashboards, TemplateValues values) {
    Instant end = Instant.now();
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (Dashboard d : dashboards) {
      for (String expr : d.annotationExprs()) {
        count++;
        String promql = values.substitute(expr, d.variables());
        PrometheusServer.Answer answer = prometheus.queryRange(promql, end.minus(RANGE), end, SCRAPE);
        if (!answer.ok()) {
          failures.add(d.uid() + " annotation " + promql + ": " + answer.error());
        }
      }
    }
    log("%d annotation queries run, %d failed", count, failures.size());
    return failures;
  }

  /** Names of the alerts firing now for {@code run}. */
  private List<String> firingAlertsOf(String run) {
    return prometheus.alerts().stream()
        .filter(a -> a.path("labels").path("run").asText().equals(run))
        .filter(a -> a.path("state").asText().equals("firing"))
        .map(a -> a.path("labels").path("alertname").asText() + " " + a.path("labels"))
        .toList();
  }



  private static boolean hasFiniteValue(JsonNode series) {
    List<JsonNode> samples = new ArrayList<>();
    if (series.has("value")) {
      samples.add(series.get("value"));
    }
    series.path("values").forEach(samples::add);
    return samples.stream().anyMatch(s -> {
      String v = s.get(1).asText();
      return !v.equals("NaN") && !v.endsWith("Inf");
    });
  }

  private static boolean nonEmpty(PrometheusServer.Answer answer) {
    return answer.ok() && answer.result().size() > 0;
  }

  private static Optional<Boolean> present(boolean condition) {
    return condition ? Optional.of(true) : Optional.empty();
  }

  private static void log(String format, Object... args) {
    System.out.println("[e2e] " + String.format(Locale.ROOT, format, args));
  }
}
