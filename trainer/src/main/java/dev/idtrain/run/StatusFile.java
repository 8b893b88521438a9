package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.telemetry.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's {@link LiveStatus} every second from a thread of its own: the publishing thread
 * (the training thread) only stores the latest figures. A write that fails (a full disk) is
 * tried again a second later; the file is a view, never a record.
 */
final class StatusFile implements Consumer<TrainingEvent>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusFile.class);

  /** A step at a run time: what a rate is measured between. */
  private record Mark(double elapsed, long step) {}


  private final Path file;
  private final String run;
  private final long firstStep;
  private final Long budget;
  private final String metricsUrl;
  private final String pageUrl;
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "idtrain-status");
    thread.setDaemon(true);
    return thread;
  });
  /** Touched by the writer thread only. */
  private final Deque<Mark> window = new ArrayDeque<>();
  private double measuredFrom = Double.NaN;
  private volatile String state = "starting";
  private volatile TrainingEvent.Step lastStep;
  private volatile TrainingEvent.Probe lastProbe;
  private volatile boolean rolledBack;
  private boolean failureLogged;

  /** @param budget the step at which the run stops by itself, or null */
  StatusFile(Path runDir, String run, long firstStep, Long budget, String metricsUrl, String pageUrl) {
    this.file = runDir.resolve(LiveStatus.FILE);
    this.run = run;
    this.firstStep = firstStep;
    this.budget = budget;
    this.metricsUrl = metricsUrl;
    this.pageUrl = pageUrl;
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Step s) {
      lastStep = s;
    } else if (event instanceof TrainingEvent.Probe p) {
      lastProbe = p;
    } else if (event instanceof TrainingEvent.Started) {
      state = "running";
    } else if (event instanceof TrainingEvent.RolledBack) {
      rolledBack = true;
    }
  }

  /** Writes now, then every second. */
  void start() {
    writer.scheduleWithFixedDelay(this::write, 0, 1, TimeUnit.SECONDS);
  }

  /** The run ended and its summary is on disk: says so, and stops writing. */
  void ended(boolean failed) {
    state = failed ? "failed" : "stopped";
    close();
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      if (writer.awaitTermination(5, TimeUnit.SECONDS)) {
        write();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void write() {
    TrainingEvent.Step step = lastStep;
    try {
      AtomicFiles.replaceQuickly(file, Json.FILES.writeValueAsBytes(new LiveStatus(run,
          ProcessHandle.current().pid(), state, step == null ? firstStep : step.step(), firstStep,
          budget, rate(step), step == null ? Double.NaN : step.elapsedSeconds(), metricsUrl,
          pageUrl, lastProbe == null ? null : RunSummary.LastProbe.of(lastProbe),
          Instant.now().toString())));
      failureLogged = false;
    } catch (IOException e) {
      if (!failureLogged) {
        LOG.warn("{} not written ({}); trying again every second", file, e.getMessage());
        failureLogged = true;
      }
    }
  }

  /** Steps per second of run time over the window; NaN until it spans a second. */
  private double rate(TrainingEvent.Step step) {
    if (rolledBack) {
      rolledBack = false;
      window.clear(); // the steps since the checkpoint were lost: a new stretch starts
    }
    if (step == null) {
      return Double.NaN;
    }
    if (Double.isNaN(measuredFrom)) {
      measuredFrom = step.elapsedSeconds() + LiveStatus.WARM_UP_SECONDS;
    }
    if (step.elapsedSeconds() < measuredFrom) {
      return Double.NaN;
    }
    if (window.isEmpty() || window.peekLast().step() != step.step()) {
      window.addLast(new Mark(step.elapsedSeconds(), step.step()));
    }
    while (window.size() > 2 && step.elapsedSeconds() - window.peekFirst().elapsed() > LiveStatus.RATE_WINDOW_SECONDS) {
      window.removeFirst();
    }
    Mark first = window.peekFirst();
    double seconds = step.elapsedSeconds() - first.elapsed();
    return seconds >= 1 ? (step.step() - first.step()) / seconds : Double.NaN;
  }
}
