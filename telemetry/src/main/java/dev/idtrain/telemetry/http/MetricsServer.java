package dev.idtrain.telemetry.http;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The Prometheus client's {@link HTTPServer} on {@code bind:port}: {@code /metrics} (text format,
 * OpenMetrics when the Accept header asks, gzip when Accept-Encoding asks, all done by the client
 * library), {@code /-/healthy}, and {@link IndexHandler} for {@code /-/ready} and the page.
 * Requests run on a {@link PacedExecutor}; failures to bind become {@link TelemetryBindException}.
 */
public final class MetricsServer implements AutoCloseable {

  /** The settings a bind error names: a run's configuration keys, or a command's options. */
  public record Keys(String bind, String port) {}

  public static final Keys TELEMETRY_KEYS = new Keys("telemetry.bind", "telemetry.port");

  /**
   * The exporter logs a scraper that hangs up mid-response (a scrape timeout, a client stopped)
   * as SEVERE with two stack traces. That is the client's business, not a fault of the daemon:
   * I/O errors are dropped from this log, anything else is kept. Held here because
   * java.util.logging forgets a logger, and its filter, once nothing references it.
   */
  static final Logger EXCHANGE_LOG =
      Logger.getLogger("io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter");

  static {
    EXCHANGE_LOG.setFilter(record -> !(record.getThrown() instanceof IOException));
  }

  private final HTTPServer server;
  private final String url;

  private MetricsServer(HTTPServer server, String bind) {
    this.server = server;
    String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    this.url = "http://" + host + ":" + server.getPort() + "/metrics";
  }

  public static MetricsServer start(
      String bind,
      int port,
      PrometheusRegistry registry,
      BooleanSupplier ready,
      Page page,
      TelemetryOptions options,
      Keys keys) {
    String portKey = keys.port();
    if (port < 0 || port > 65535) {
      throw new TelemetryBindException(portKey, Integer.toString(port),
          portKey + ": " + port + " is not allowed; allowed: 1 to 65535, or 0 for any free port",
          null);
    }
    InetAddress address = resolve(bind, keys.bind());
    PacedExecutor executor =
        new PacedExecutor(options.httpThreads(), options.requestSpacing().toNanos(),
            options.cpuShare(), "idtrain-metrics-http");
    try {
      HTTPServer server =
          HTTPServer.builder(PrometheusProperties.builder().build())
              .inetAddress(address)
              .port(port)
              .registry(registry)
              .executorService(executor)
              .defaultHandler(new IndexHandler(ready, page))
              .buildAndStart();
      return new MetricsServer(server, bind);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw bindFailure(bind, port, e, keys);
    }
  }

  /** The scrape URL, e.g. {@code http://127.0.0.1:9404/metrics}. */
  public String url() {
    return url;
  }

  /** The port the endpoint listens on (the chosen one when configured as 0). */
  public int port() {
    return server.getPort();
  }

  /** Stops listening at once and ends the request threads. */
  @Override
  public void close() {
    server.close();
  }

  private static InetAddress resolve(String bind, String bindKey) {
    String allowed = "allowed: an IP address or host name of this machine, e.g. 127.0.0.1, or"
        + " 0.0.0.0 for all interfaces";
    if (bind == null || bind.isBlank()) {
      throw new TelemetryBindException(bindKey, String.valueOf(bind),
          bindKey + ": '" + (bind == null ? "" : bind) + "' is not allowed; " + allowed, null);
    }
    String host = bind.startsWith("[") && bind.endsWith("]")
        ? bind.substring(1, bind.length() - 1) : bind;
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new TelemetryBindException(bindKey, bind,
          bindKey + ": '" + bind + "' is not a known host name or address; " + allowed, e);
    }
  }

  private static TelemetryBindException bindFailure(String bind, int port, Exception e,
      Keys keys) {
    String portKey = keys.port();
    String bindKey = keys.bind();
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof SocketException)) {
      cause = cause.getCause();
    }
    String reason = String.valueOf(cause.getMessage());
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("in use")) {
      return new TelemetryBindException(portKey, Integer.toString(port),
          portKey + ": " + port + " on " + bind + " is already in use; allowed: a free port, or 0"
              + " for any free port", e);
    }
    if (lower.contains("cannot assign") || lower.contains("not available")) {
      return new TelemetryBindException(bindKey, bind,
          bindKey + ": '" + bind + "' is not an address of this machine; allowed: an IP address"
              + " or host name of this machine, e.g. 127.0.0.1, or 0.0.0.0 for all interfaces", e);
    }
    if (lower.contains("permission denied") || lower.contains("access")) {
      return new TelemetryBindException(portKey, Integer.toString(port),
          portKey + ": " + port + " on " + bind + " needs privileges this process lacks;"
              + " allowed: 1024 to 65535, or 0 for any free port", e);
    }
    return new TelemetryBindException(portKey, Integer.toString(port),
        portKey + ": " + port + " on " + bind + " cannot be opened (" + reason + "); allowed: a"
            + " free port on an address of this machine, or 0 for any free port", e);
  }
}
