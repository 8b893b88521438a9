package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}, which CI installs) on a
 * free loopback port, alone (no cluster), with the alerts it holds readable through its API.
 * Closing stops it; a shutdown hook kills it if the test JVM exits first.
 */
final class AlertmanagerServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ChildProcess child;
  private final Path log;
  private final URI base;

  private AlertmanagerServer(ChildProcess child, Path log, URI base) {
    this.child = child;
    this.log = log;
    this.base = base;
  }

  static Path executable() {
    return DebianPackage.executable("prometheus-alertmanager", "prometheus-alertmanager",
        "ALERTMANAGER");
  }

  /** Starts Alertmanager with {@code config}, its data in {@code dir}, and waits until ready. */
  static AlertmanagerServer start(Path dir, Path config, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = PrometheusServer.freePort();
    Path log = dir.resolve("alertmanager.log");
    Process process = new ProcessBuilder(executable().toString(),
            "--config.file=" + config,
            "--storage.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            // One instance: no gossip port to collide with another test's.
            "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    AlertmanagerServer server = new AlertmanagerServer(new ChildProcess(process, "alertmanager"),
        log, URI.create("http://127.0.0.1:" + port));
    Await.until("Alertmanager to be ready at " + server.base, timeout, Duration.ofMillis(100),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("Alertmanager exited with " + process.exitValue() + ":\n"
                + server.logTail(30));
          }
          return server.get("/-/ready").filter(r -> r.statusCode() == 200).map(r -> true);
        },
        () -> server.logTail(30));
    return server;
  }

  /** {@code host:port}, as Prometheus's {@code alertmanagers} target names it. */
  String target() {
    return base.getAuthority();
  }

  /** The alerts it holds, active, suppressed (silenced or inhibited) and unprocessed. */
  List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    get("/api/v2/alerts").map(HttpResponse::body).ifPresent(body -> {
      try {
        JSON.readTree(body).forEach(alerts::add);
      } catch (IOException e) {
        throw new AssertionError("not a JSON answer: " + body, e);
      }
    });
    return alerts;
  }

  String logTail(int lines) {
    return LogTail.of(log, lines);
  }

  private Optional<HttpResponse<String>> get(String path) {
    try {
      return Optional.of(HTTP.send(HttpRequest.newBuilder(base.resolve(path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void close() throws InterruptedException {
    child.stop(Duration.ofSeconds(10));
  }
}
