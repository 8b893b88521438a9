package dev.idtrain.sweep;

import dev.idtrain.run.LiveStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sweep run in a JVM of its own ({@code run}, exactly as a user starts it), its console
 * appended to a log file. What the sweep shows of it comes from the run's own status.json
 * ({@link LiveStatus}): its step and speed, its metrics and live page, and the end of its
 * training (a run that ended may still serve its final metrics; it no longer needs its cores).
 */
final class Worker {
  private final PointRun run;
  private final Process process;
  private final long startNanos = System.nanoTime();
  private final int threads;
  private volatile LiveStatus status;
  private volatile double startupSeconds = Double.NaN;
  private volatile double trainedSeconds = Double.NaN;

  private Worker(PointRun run, Process process, int threads) {
    this.run = run;
    this.threads = threads;
    this.process = process;
  }

  /**
   * Starts {@code java [this JVM's options] -cp [this classpath] Main run ...} for {@code run}.
   *
   * @param threads its kernel threads: its {@code train.threads}, or what the pool gives it
   */
  static Worker start(PointRun run, int threads, List<String> java, Path log) throws IOException {
    List<String> command = new ArrayList<>(java);
    command.addAll(run.prepare());
    if (threads != run.point().config().train().threads()) {
      command.addAll(List.of("--set", "train.threads=" + threads));
    }
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    process.getOutputStream().close();
    return new Worker(run, process, threads);
  }

  /**
   * Reads the run's status.json again. One left by an earlier process of the same run (killed,
   * or stopped and resumed) is not this one's: it is ignored until this process writes its own.
   */
  void refresh() {
    LiveStatus.read(run.dir()).filter(s -> s.pid() == process.pid()).ifPresent(s -> {
      if (Double.isNaN(startupSeconds) && s.step() > s.firstStep()) {
        startupSeconds = seconds();
      }
      status = s;
    });
    if (Double.isNaN(trainedSeconds) && !training()) {
      trainedSeconds = seconds();
    }
  }

  PointRun run() {
    return run;
  }

  /** Its kernel threads. */
  int threads() {
    return threads;
  }

  Process process() {
    return process;
  }

  /** Still training: alive, and its status does not say it ended. */
  boolean training() {
    LiveStatus s = status;
    return process.isAlive() && (s == null || s.training());
  }

  /** The step it reached, as its status last said; 0 before it said. */
  long step() {
    LiveStatus s = status;
    return s == null ? 0 : s.step();
  }

  /** Steps it trained in this process. */
  long stepsTrained() {
    LiveStatus s = status;
    return s == null ? 0 : s.step() - s.firstStep();
  }

  /** Its speed over the last seconds; NaN before it was measured. */
  double stepsPerS() {
    LiveStatus s = status;
    return s == null ? Double.NaN : s.stepsPerS();
  }

  /** Seconds from its start to its first step; NaN before that. */
  double startupSeconds() {
    return startupSeconds;
  }

  /** Seconds since it started. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * Steps it trained per second from its start to the end of its training, startup and warm-up
   * included: what another run like it takes, start to end; NaN while it trains.
   */
  double wholeRunStepsPerS() {
    return stepsTrained() / trainedSeconds;
  }

  /** Seconds from its start to the end of its training; until then, since its start. */
  double trainingSeconds() {
    double trained = trainedSeconds;
    return Double.isNaN(trained) ? seconds() : trained;
  }

  Optional<String> metricsUrl() {
    return Optional.ofNullable(status).map(LiveStatus::metricsUrl);
  }

  /** Its live page, once its status named it. */
  Optional<String> pageUrl() {
    return Optional.ofNullable(status).map(LiveStatus::pageUrl);
  }

  /** Asks the run to stop: SIGTERM, upon which it checkpoints, writes its summary and exits 0. */
  void stop() {
    process.destroy();
  }
}
