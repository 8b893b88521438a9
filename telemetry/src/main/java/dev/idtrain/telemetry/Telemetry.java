package dev.idtrain.telemetry;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.telemetry.http.MetricsServer;
import dev.idtrain.telemetry.http.TelemetryBindException;
import dev.idtrain.telemetry.http.TelemetryOptions;
import dev.idtrain.telemetry.meter.ScrapeRegistry;
import dev.idtrain.telemetry.meter.TrainingMeters;
import dev.idtrain.telemetry.page.ConfigEntry;
import dev.idtrain.telemetry.page.LivePage;
import dev.idtrain.telemetry.page.RunHistory;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * The daemon's telemetry, assembled: the run's meters fed from its event stream, bound with the
 * JVM's and the process's meters to the registry that the endpoint serves for Prometheus, and the
 * live page showing the run's history on the same port.
 *
 * <pre>{@code
 * try (Telemetry telemetry = Telemetry.start(bind, port, runInfo, trainer.events())) {
 *   System.out.println("metrics: " + telemetry.url());
 *   ... train ...
 * } catch (TelemetryBindException e) {   // port in use, unknown address: exit 2
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 *
 * Closing stops the endpoint, then stops listening to the events; the event stream itself is
 * the trainer's and is left alone.
 */
public final class Telemetry implements AutoCloseable {

  private final TrainingMeters meters;
  private final ScrapeRegistry registry;
  private final MetricsServer server;
  private final Disposable subscription;

  private Telemetry(TrainingMeters meters, ScrapeRegistry registry, MetricsServer server,
      Disposable subscription) {
    this.meters = meters;
    this.registry = registry;
    this.server = server;
    this.subscription = subscription;
  }

  /**
   * Starts the endpoint on {@code bind:port} (port 0: any free port) with the default {@link
   * TelemetryOptions} and subscribes to {@code events}.
   *
   * @throws TelemetryBindException if the endpoint cannot be opened (nothing is left running)
   */
  public static Telemetry start(
      String bind, int port, RunInfo info, Flux<? extends TrainingEvent> events) {
    return start(bind, port, info, events, TelemetryOptions.defaults());
  }

  /** As {@link #start(String, int, RunInfo, Flux)}, with explicit options. */
  public static Telemetry start(
      String bind,
      int port,
      RunInfo info,
      Flux<? extends TrainingEvent> events,
      TelemetryOptions options) {
    return start(bind, port, info, List.of(), events, options);
  }

  /**
   * As {@link #start(String, int, RunInfo, Flux)}, with explicit options and the run's
   * configuration for the live page.
   */
  public static Telemetry start(
      String bind,
      int port,
      RunInfo info,
      List<ConfigEntry> config,
      Flux<? extends TrainingEvent> events,
      TelemetryOptions options) {
    TrainingMeters meters = new TrainingMeters(info);
    ScrapeRegistry registry = ScrapeRegistry.create(meters, options.scrapeCacheTtl());
    RunHistory history = new RunHistory(info, config);
    MetricsServer server;
    try {
      server =
          MetricsServer.start(bind, port, registry.registry().getPrometheusRegistry(),
              meters::ready, new LivePage(history), options, MetricsServer.TELEMETRY_KEYS);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    return new Telemetry(meters, registry, server,
        Disposables.composite(meters.subscribe(events), history.subscribe(events)));
  }

  /** The scrape URL, e.g. {@code http://127.0.0.1:9404/metrics}. */
  public String url() {
    return server.url();
  }

  /** The live page's URL, e.g. {@code http://127.0.0.1:9404/}. */
  public String pageUrl() {
    return server.url().substring(0, server.url().length() - "metrics".length());
  }

  /** The port the endpoint listens on: the one chosen by the system when started with 0. */
  public int port() {
    return server.port();
  }

  /** True once the first training step was reported (what {@code /-/ready} answers). */
  public boolean ready() {
    return meters.ready();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      subscription.dispose();
      registry.close();
    }
  }
}
