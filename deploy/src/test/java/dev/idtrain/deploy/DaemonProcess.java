package dev.idtrain.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An idtrain daemon ({@code dev.idtrain.cli.Main run}) in a process of its own, started with the
 * test JVM's classpath, which holds the trainer and its runtime dependencies (the deploy module
 * depends on it in test scope). Its console goes to a file in its folder; its metrics URL and run
 * id are read from the lines it prints when it starts.
 *
 * <p>Closing stops it (SIGTERM, as a user would, then SIGKILL if it does not exit); a shutdown
 * hook kills it if the test JVM exits first, so no daemon outlives the build.
 */
final class DaemonProcess implements AutoCloseable {

  private static final Pattern METRICS = Pattern.compile("(?m)^metrics: (http://\\S+/metrics)$");
  private static final Pattern RUN = Pattern.compile("(?m)^idtrain \\S+: run (\\S+) on ");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final Path dir;
  private final Path console;
  private final Process process;
  private final ChildProcess child;
  private final long startNanos;
  private URI metrics;
  private String runId;
  private Integer exitCode;

  private DaemonProcess(String name, Path dir, Path console, Process process, long startNanos) {
    this.name = name;
    this.dir = dir;
    this.console = console;
    this.process = process;
    this.startNanos = startNanos;
    this.child = new ChildProcess(process, name);
  }

  /**
   * Starts {@code idtrain run --run-dir DIR/run --set telemetry.port=PORT --set ...} in {@code
   * dir} and waits until it serves metrics.
   *
   * @param settings {@code key=value} pairs for {@code --set}
   * @param port the metrics port; 0 for any free one
   */
  static DaemonProcess start(
      String name, Path dir, List<String> settings, int port, Duration startTimeout)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String classpath = System.getProperty("java.class.path");
    if (!classpath.contains("idtrain-trainer") && !classpath.contains("trainer/target/classes")) {
      throw new AssertionError("the trainer is not on the test classpath: " + classpath);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        // A crash report, should the engine crash, lands next to the console log.
        "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
        "-cp", classpath,
        "dev.idtrain.cli.Main", "run",
        "--run-dir", dir.resolve("run").toString(),
        "--set", "telemetry.bind=127.0.0.1",
        "--set", "telemetry.port=" + port));
    for (String setting : settings) {
      command.add("--set");
      command.add(setting);
    }
    Path console = dir.resolve("console.log");
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(console.toFile())
        .start();
    process.getOutputStream().close();
    DaemonProcess daemon = new DaemonProcess(name, dir, console, process, System.nanoTime());
    try {
      daemon.awaitStarted(startTimeout);
    } catch (RuntimeException | Error | InterruptedException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  private void awaitStarted(Duration timeout) throws InterruptedException {
    metrics = Await.until(name + " daemon to print its metrics URL", timeout, Duration.ofMillis(100),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(name + " daemon exited with " + describeExit(process.exitValue())
                + " before serving metrics:\n" + consoleTail(40));
          }
          Matcher m = METRICS.matcher(console());
          return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
        },
        () -> consoleTail(40));
    Matcher run = RUN.matcher(console());
    if (!run.find()) {
      throw new AssertionError(name + " daemon printed no run id:\n" + consoleTail(40));
    }
    runId = run.group(1);
  }

  String name() {
    return name;
  }

  String runId() {
    return runId;
  }

  /** {@code 127.0.0.1:PORT}, the scrape target. */
  String target() {
    return metrics.getHost() + ":" + metrics.getPort();
  }

  long startNanos() {
    return startNanos;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the daemon's metrics endpoint serves now; empty if it does not answer. */
  Optional<String> scrape() {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The value of the first sample of {@code series} (any labels) in a scrape, if there is one. */
  static OptionalDouble value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
    if (!m.find()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(switch (m.group(1)) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(m.group(1));
    });
  }

  /**
   * Stops the daemon as a user would (SIGTERM: graceful stop), killing it if it has not exited
   * after a minute, and returns its exit code. Idempotent.
   */
  int stop() throws InterruptedException {
    if (exitCode == null) {
      exitCode = child.stop(STOP_TIMEOUT);
    }
    return exitCode;
  }

  /** Exit code in words: a number, or the signal that ended the process. */
  static String describeExit(int code) {
    return switch (code) {
      case 134 -> "134 (SIGABRT: the JVM aborted, e.g. after a native crash)";
      case 137 -> "137 (SIGKILL)";
      case 139 -> "139 (SIGSEGV)";
      case 143 -> "143 (SIGTERM, not handled)";
      default -> Integer.toString(code);
    };
  }

  /** The last {@code lines} lines of the daemon's console. */
  String consoleTail(int lines) {
    return LogTail.last(console().lines().toList(), lines);
  }

  /**
   * The head of each JVM crash report the daemon left (problematic frame, top Java frames), or
   * an empty string.
   */
  String crashReports() {
    try (Stream<Path> files = Files.list(dir)) {
      StringBuilder out = new StringBuilder();
      for (Path report : files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).toList()) {
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        out.append("crash report ").append(report).append(":\n");
        lines.stream()
            .filter(l -> l.startsWith("# ") || l.startsWith("j  ") || l.startsWith("J "))
            .limit(24)
            .forEach(l -> out.append("  ").append(l).append('\n'));
      }
      return out.toString();
    } catch (IOException e) {
      return "cannot list " + dir + ": " + e;
    }
  }

  private String console() {
    try {
      return Files.readString(console, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
