package dev.idtrain.sweep;

import dev.idtrain.telemetry.SweepTelemetry;
import dev.idtrain.telemetry.http.TelemetryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep's points on this machine, {@code workers} at a time, each as an ordinary run in a
 * JVM of its own (same java binary, options and classpath as this one) in {@code DIR/<run id>/}.
 * Finished runs are skipped and interrupted ones resume from their checkpoints, so running the
 * same sweep again continues it; a run that fails is counted and the others go on. While it
 * runs, its overview page (one line per run, a link to each live run's page) is served on
 * {@code bind:port}.
 */
public final class WorkerPool {
  private static final long TICK_MILLIS = 200;

  private final String name;
  private final List<PointRun> runs;
  private final int workers;
  private final boolean spreadThreads;
  private final Path dir;
  private final PrintStream out;
  private final double progressSeconds;
  private final String bind;
  private final int port;
  private final List<String> java;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /**
   * @param name the sweep's name
   * @param runs in the order they start
   * @param spreadThreads whether the pool chooses each run's kernel threads ({@link
   *     #threadsAtStart}); else the runs keep their {@code train.threads}
   * @param progressSeconds seconds between progress lines
   * @param bind the overview's address
   * @param port the overview's port, 0 for any free one
   */
  public WorkerPool(String name, List<PointRun> runs, int workers, boolean spreadThreads, Path dir,
      PrintStream out, double progressSeconds, String bind, int port) {
    this.name = name;
    this.runs = runs;
    this.workers = workers;
    this.spreadThreads = spreadThreads;
    this.dir = dir;
    this.out = out;
    this.progressSeconds = progressSeconds;
    this.bind = bind;
    this.port = port;
    this.java = JavaCommand.current();
  }

  /** Asks every running run to stop (checkpoint, summary) and starts no more. */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Runs the sweep to its end; true when every run finished (or a stop was asked), false when
   * one failed or ended short of its budget without being asked to stop.
   *
   * @throws dev.idtrain.telemetry.http.TelemetryBindException when the overview cannot be served on
   *     {@code bind:port}; nothing is written or started then
   */
  public boolean run() throws IOException, InterruptedException {
    SweepProgress progress = new SweepProgress(runs, workers);
    Deque<PointRun> queue = new ArrayDeque<>();
    for (PointRun run : runs) {
      switch (run.status()) {
        case FINISHED -> progress.finishedBefore(run);
        case FAILED -> progress.failedBefore(run);
        case TO_RUN -> queue.add(run);
      }
    }
    try (SweepTelemetry overview = SweepTelemetry.start(bind, port, name, progress::rows,
        TelemetryOptions.defaults())) {
      out.println(progress.opening(dir));
      out.println("overview: " + overview.pageUrl());
      return run(progress, queue);
    }
  }

  private boolean run(SweepProgress progress, Deque<PointRun> queue)
      throws IOException, InterruptedException {
    List<Worker> alive = new ArrayList<>();
    Set<Worker> announced = new HashSet<>();
    Files.createDirectories(dir);
    long lastProgress = System.nanoTime();
    while (!queue.isEmpty() || !alive.isEmpty()) {
      boolean stopping = stopRequested.getCount() == 0;
      if (stopping) {
        alive.stream().filter(w -> w.process().isAlive()).forEach(Worker::stop);
        queue.clear();
      }
      List<Worker> training = new ArrayList<>(alive.stream().filter(Worker::training).toList());
      for (int startable = Math.min(workers - training.size(), queue.size()); startable > 0; startable--) {
        PointRun run = queue.poll();
        int threads = spreadThreads ? threadsAtStart(Runtime.getRuntime().availableProcessors(),
            training.stream().mapToInt(Worker::threads).sum(), startable)
            : run.point().config().train().threads();
        Worker worker = Worker.start(run, threads, java,
            dir.resolve("logs").resolve(run.point().runId() + ".log"));
        training.add(worker);
        alive.add(worker);
        progress.started(worker);
        out.println(progress.startedLine(worker));
      }
      for (Worker worker : List.copyOf(alive)) {
        worker.refresh();
        if (!worker.process().isAlive()) {
          alive.remove(worker);
          int code = worker.process().exitValue();
          out.println(progress.ended(worker, code, stopping));
        }
      }
      for (Worker worker : alive) {
        worker.metricsUrl().filter(url -> announced.add(worker))
            .ifPresent(url -> out.println(progress.metricsLine(worker, url)));
      }
      if ((System.nanoTime() - lastProgress) / 1e9 >= progressSeconds) {
        out.println(progress.line());
        lastProgress = System.nanoTime();
      }
      stopRequested.await(TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
    out.println(progress.closing());
    return stopRequested.getCount() == 0 || progress.allFinished();
  }

  /** Workers by default: as many as the cores allow, each with at least one kernel thread. */
  public static int defaultWorkers(int runs) {
    return Math.max(1, Math.min(runs, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Kernel threads for a run starting now: the cores that the runs training leave, shared by
   * the runs that can start with it (this one included). While the queue holds more runs than
   * workers that is {@link #kernelThreads}; at the sweep's tail, the last runs to start get the
   * cores that finished runs freed.
   */
  static int threadsAtStart(int cores, int busyThreads, int startable) {
    return Math.max(1, (cores - busyThreads) / startable);
  }

  /** Kernel threads per run so that workers × threads ≤ cores. */
  public static int kernelThreads(int workers) {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
