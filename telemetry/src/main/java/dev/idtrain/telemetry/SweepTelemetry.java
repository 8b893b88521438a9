package dev.idtrain.telemetry;

import dev.idtrain.telemetry.http.MetricsServer;
import dev.idtrain.telemetry.http.TelemetryBindException;
import dev.idtrain.telemetry.http.TelemetryOptions;
import dev.idtrain.telemetry.meter.CachingRegistry;
import dev.idtrain.telemetry.sweep.SweepOverview;
import dev.idtrain.telemetry.sweep.SweepRow;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sweep coordinator's endpoint: the {@link SweepOverview} at {@code /} and {@code
 * /api/v1/sweep}, and on {@code /metrics} the gauge {@code idtrain_sweep_runs{sweep,state}}
 * (runs per state), served like a run's endpoint by a paced {@link MetricsServer}.
 *
 * <pre>{@code
 * try (SweepTelemetry endpoint = SweepTelemetry.start(bind, port, "kappa", board::rows,
 *     TelemetryOptions.defaults())) {
 *   System.out.println("overview: " + endpoint.pageUrl());
 *   ... run the sweep ...
 * }
 * }</pre>
 */
public final class SweepTelemetry implements AutoCloseable {

  private static final MetricsServer.Keys KEYS = new MetricsServer.Keys("--bind", "--port");

  private final PrometheusMeterRegistry registry;
  private final MetricsServer server;

  private SweepTelemetry(PrometheusMeterRegistry registry, MetricsServer server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Starts the endpoint on {@code bind:port} (port 0: any free port). {@code rows} is asked on
   * every overview request and once per scrape collection, from the endpoint's threads.
   *
   * @throws TelemetryBindException naming {@code --bind} or {@code --port} if the endpoint
   *     cannot be opened (nothing is left running)
   */
  public static SweepTelemetry start(String bind, int port, String sweep,
      Supplier<List<SweepRow>> rows, TelemetryOptions options) {
    // One collection counts the rows once, for all the state gauges.
    Map<SweepRow.State, Long> counts = new EnumMap<>(SweepRow.State.class);
    CachingRegistry prometheus = new CachingRegistry(options.scrapeCacheTtl(), System::nanoTime,
        () -> {
          counts.clear();
          rows.get().forEach(r -> counts.merge(r.state(), 1L, Long::sum));
        },
        () -> { });
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
    registry.config().commonTags("sweep", sweep);
    for (SweepRow.State state : SweepRow.State.values()) {
      Gauge.builder("idtrain.sweep.runs", counts, c -> c.getOrDefault(state, 0L))
          .description("Runs of the sweep in each state")
          .tag("state", state.label())
          .register(registry);
    }
    try {
      return new SweepTelemetry(registry, MetricsServer.start(bind, port,
          registry.getPrometheusRegistry(), () -> true, new SweepOverview(sweep, rows), options,
          KEYS));
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** The overview's URL, e.g. {@code http://127.0.0.1:40123/}. */
  public String pageUrl() {
    return server.url().substring(0, server.url().length() - "metrics".length());
  }

  /** The port the endpoint listens on: the one chosen by the system when started with 0. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      registry.close();
    }
  }
}
