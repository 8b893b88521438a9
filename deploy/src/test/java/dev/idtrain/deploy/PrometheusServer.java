package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian package {@code prometheus}, which CI installs) running the
 * deployed configuration and rules through {@link PrometheusTestConfig}, on a free loopback port,
 * with its HTTP API wrapped for tests. Closing stops it; a shutdown hook kills it if the test JVM
 * exits first.
 */
final class PrometheusServer implements AutoCloseable {

  /** One answer of the query API: the result array, or the error Prometheus gave. */
  record Answer(JsonNode result, String error) {
    boolean ok() {
      return error == null;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Duration interval;
  private final String alertmanager;
  private final Process process;
  private final Path log;
  private final URI base;
  private final ChildProcess child;

  private PrometheusServer(Path dir, Duration interval, String alertmanager, Process process,
      Path log, URI base) {
    this.dir = dir;
    this.interval = interval;
    this.alertmanager = alertmanager;
    this.process = process;
    this.log = log;
    this.base = base;
    this.child = new ChildProcess(process, "prometheus");
  }

  /**
   * Writes the test configuration for {@code target} into {@code dir}, starts Prometheus with its
   * data in {@code dir/data}, and waits until it is ready.
   *
   * @param interval scrape and rule evaluation interval
   */
  static PrometheusServer start(Path dir, String target, Duration interval, Duration timeout)
      throws IOException, InterruptedException {
    return start(dir, List.of(target), interval, timeout, null);
  }

  /**
   * As {@link #start(Path, String, Duration, Duration)}, for several targets, sending alerts to
   * {@code alertmanager} ({@code host:port}, or null for none), and again every {@code interval}
   * while they fire (Prometheus's default is a minute), so that none waits on a resend that a
   * test would miss.
   */
  static PrometheusServer start(Path dir, List<String> targets, Duration interval, Duration timeout,
      String alertmanager) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = PrometheusTestConfig.write(dir, targets, interval, alertmanager);
    Path log = dir.resolve("prometheus.log");
    AssertionError lastFailure = null;
    // The free port is chosen before Prometheus binds it: another process may take it first.
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Process process = new ProcessBuilder(
              DebianPackage.executable("prometheus", "prometheus", "PROMETHEUS").toString(),
              "--config.file=" + config,
              "--storage.tsdb.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              "--rules.alert.resend-delay=" + interval.toMillis() + "ms")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      process.getOutputStream().close();
      PrometheusServer server = new PrometheusServer(
          dir, interval, alertmanager, process, log, URI.create("http://127.0.0.1:" + port));
      try {
        server.awaitReady(timeout);
        return server;
      } catch (AssertionError e) {
        lastFailure = e;
        server.close();
        if (!server.logTail(20).contains("address already in use")) {
          throw e;
        }
      }
    }
    throw lastFailure;
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    Await.until("Prometheus to be ready at " + base, timeout, Duration.ofMillis(100),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n"
                + logTail(30));
          }
          return get("/-/ready").filter(r -> r.statusCode() == 200).map(r -> true);
        },
        () -> logTail(30));
  }

  /**
   * Waits until Prometheus has discovered its Alertmanager: alerts that fire before are dropped,
   * not queued.
   */
  void awaitAlertmanager(Duration timeout) throws InterruptedException {
    Await.until("Prometheus to discover Alertmanager " + alertmanager, timeout,
        Duration.ofMillis(100),
        () -> {
          JsonNode active = getJson("/api/v1/alertmanagers").path("data").path("activeAlertmanagers");
          return active.isEmpty() ? Optional.<Boolean>empty() : Optional.of(true);
        },
        () -> logTail(20));
  }

  /** An instant query at the current time. */
  Answer query(String promql) {
    return api("/api/v1/query", Map.of("query", promql));
  }

  /** A range query, as a graph panel sends it. */
  Answer queryRange(String promql, Instant start, Instant end, Duration step) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", promql);
    form.put("start", Double.toString(start.toEpochMilli() / 1000.0));
    form.put("end", Double.toString(end.toEpochMilli() / 1000.0));
    form.put("step", Double.toString(step.toMillis() / 1000.0));
    return api("/api/v1/query_range", form);
  }

  /**
   * The values of {@code label} on the series {@code selector} matches (empty: all series), as a
   * Grafana {@code label_values(selector, label)} variable asks for them.
   */
  List<String> labelValues(String label, String selector) {
    String path = "/api/v1/label/" + label + "/values"
        + (selector.isEmpty() ? "" : "?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    JsonNode data = getJson(path).path("data");
    List<String> values = new ArrayList<>();
    data.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The alerts Prometheus holds now, pending or firing ({@code /api/v1/alerts}). */
  List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    getJson("/api/v1/alerts").path("data").path("alerts").forEach(alerts::add);
    return alerts;
  }

  /** The active scrape targets ({@code /api/v1/targets}). */
  List<JsonNode> activeTargets() {
    List<JsonNode> targets = new ArrayList<>();
    getJson("/api/v1/targets").path("data").path("activeTargets").forEach(targets::add);
    return targets;
  }

  /** Whether Prometheus's latest scrape of {@code target} succeeded. */
  boolean scrapedSuccessfully(String target) {
    return activeTargets().stream().anyMatch(t ->
        t.path("labels").path("instance").asText().equals(target)
            && t.path("health").asText().equals("up"));
  }

  /** The last {@code lines} lines of Prometheus's log. */
  String logTail(int lines) {
    return LogTail.of(log, lines);
  }

  private Answer api(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = send(request)
        .orElseThrow(() -> new AssertionError("Prometheus did not answer " + path + "\n" + logTail(20)));
    JsonNode json = parse(response.body());
    if (!"success".equals(json.path("status").asText())) {
      return new Answer(null, json.path("errorType").asText() + ": " + json.path("error").asText());
    }
    return new Answer(json.path("data").path("result"), null);
  }

  private JsonNode getJson(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery)
        .orElseThrow(() -> new AssertionError("Prometheus did not answer " + pathAndQuery));
    JsonNode json = parse(response.body());
    if (!"success".equals(json.path("status").asText())) {
      throw new AssertionError(pathAndQuery + " failed: " + response.body());
    }
    return json;
  }

  private Optional<HttpResponse<String>> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  private static Optional<HttpResponse<String>> send(HttpRequest request) {
    try {
      return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON answer: " + body, e);
    }
  }

  /** A loopback port free at the time of the call. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      child.stop(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
