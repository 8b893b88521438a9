package dev.idtrain.sweep;

import dev.idtrain.probe.PaperReference;
import dev.idtrain.run.LiveStatus;
import dev.idtrain.run.RunSummary;
import dev.idtrain.stats.Median;
import dev.idtrain.telemetry.sweep.SweepRow;
import dev.idtrain.telemetry.sweep.SweepRow.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sweep says on its console: a line per run started and ended, and every few seconds
 * how many runs are done, running, failed and queued, with an ETA ({@link #eta}); and on its
 * overview page, one {@link SweepRow} per run.
 */
final class SweepProgress {
  /** A run as the sweep last saw it: how it ended, if it did here, and its worker, if any. */
  private record Seen(PointRun run, RunStatus ended, Worker worker) {
    /** A run that ended and only serves its final metrics counts by how it ended. */
    State state() {
      if (ended != null) {
        return ended == RunStatus.FINISHED ? State.FINISHED : State.FAILED;
      }
      if (worker == null) {
        return State.QUEUED;
      }
      if (worker.training()) {
        return State.RUNNING;
      }
      return run.status() == RunStatus.FINISHED ? State.FINISHED : State.FAILED;
    }
  }

  private final List<PointRun> runs;
  private final List<PointRun> byIndex;
  private final int parallel;
  private final long startNanos = System.nanoTime();
  private final Map<PointRun, Worker> workers = new HashMap<>();
  private final Map<PointRun, RunStatus> ended = new HashMap<>();
  /** The runs that ended here, each at its speed from start to end of training. */
  private final List<Eta.Speed> endedSpeeds = new ArrayList<>();
  /**
   * Seconds × kernel threads of the runs that ended in this sweep, from start to the end of
   * training (serving final metrics after it takes no worker).
   */
  private double coreSeconds;
  private int finishedBefore;
  private int failedBefore;
  /** What the overview's threads read: replaced, never changed, by the sweep's thread. */
  private volatile List<Seen> seen;

  /** @param runs in the order they start (the overview lists them by index) */
  SweepProgress(List<PointRun> runs, int parallel) {
    this.runs = runs;
    this.byIndex = runs.stream().sorted(Comparator.comparingInt(r -> r.point().index())).toList();
    this.parallel = parallel;
    publish();
  }

  void finishedBefore(PointRun run) {
    ended.put(run, RunStatus.FINISHED);
    finishedBefore++;
    publish();
  }

  void failedBefore(PointRun run) {
    ended.put(run, RunStatus.FAILED);
    failedBefore++;
    publish();
  }

  void started(Worker worker) {
    workers.put(worker.run(), worker);
    publish();
  }

  String opening(Path dir) {
    return String.format(Locale.ROOT, "sweep: %d runs in %s, %d at a time; %d finished before"
            + " (skipped), %d failed before (delete a run's directory to run it again)",
        runs.size(), dir, parallel, finishedBefore, failedBefore);
  }

  String startedLine(Worker worker) {
    SweepPoint p = worker.run().point();
    return String.format(Locale.ROOT, "run %d %s: started (%s), pid %d, log %s", p.index(), p.runId(),
        p.describe(), worker.process().pid(), "logs/" + p.runId() + ".log");
  }

  String metricsLine(Worker worker, String url) {
    SweepPoint p = worker.run().point();
    return String.format(Locale.ROOT, "run %d %s: metrics %s", p.index(), p.runId(), url);
  }

  /** Records how a worker ended and says so. */
  String ended(Worker worker, int exitCode, boolean stopping) {
    workers.remove(worker.run());
    coreSeconds += worker.trainingSeconds() * worker.threads();
    double whole = worker.wholeRunStepsPerS();
    if (whole > 0) {
      endedSpeeds.add(new Eta.Speed(worker.run().point().gflopPerStep(), whole));
    }
    RunStatus status = worker.run().status();
    SweepPoint p = worker.run().point();
    String what;
    if (status == RunStatus.FINISHED) {
      what = "finished at step " + p.steps();
      ended.put(worker.run(), status);
    } else if (stopping && exitCode == 0) {
      what = "stopped; it resumes when the sweep is run again";
    } else {
      what = "failed (exit code " + exitCode + (status == RunStatus.FAILED ? ", diverged" : "")
          + "; see its log)";
      ended.put(worker.run(), RunStatus.FAILED);
    }
    publish();
    return String.format(Locale.ROOT, "run %d %s: %s", p.index(), p.runId(), what);
  }

  String line() {
    Map<State, Long> states = new HashMap<>();
    seen.forEach(r -> states.merge(r.state(), 1L, Long::sum));
    double speed = workers.values().stream().filter(Worker::training)
        .mapToDouble(Worker::stepsPerS).filter(Double::isFinite).sum();
    double eta = eta();
    return String.format(Locale.ROOT, "sweep: %d done, %d running, %d failed, %d queued;"
            + " %.1f steps/s; ETA %s", states.getOrDefault(State.FINISHED, 0L),
        states.getOrDefault(State.RUNNING, 0L), states.getOrDefault(State.FAILED, 0L),
        states.getOrDefault(State.QUEUED, 0L), speed,
        Double.isFinite(eta) ? WorkerPool.duration(eta) : "-");
  }

  /**
   * Seconds until the sweep ends ({@link Eta}): a running run at its own speed, once that is
   * measured over a whole window (its first seconds are slower: the JVM warms up); a queued one,
   * or a running one not measured so long, less the time it has run, as long as
   * {@link #wholeRun} expects. NaN before any run was measured.
   */
  double eta() {
    List<Eta.Speed> running = workers.values().stream().filter(w -> w.stepsPerS() > 0)
        .map(w -> new Eta.Speed(w.run().point().gflopPerStep(), w.stepsPerS())).toList();
    if (endedSpeeds.isEmpty() && running.isEmpty()) {
      return Double.NaN;
    }
    List<Double> left = new ArrayList<>();
    List<Double> queued = new ArrayList<>();
    for (PointRun run : runs) {
      Worker worker = workers.get(run);
      if (ended.containsKey(run) || worker != null && !worker.training()) {
        continue;
      }
      if (worker == null) {
        queued.add(wholeRun(run, running));
      } else if (worker.seconds() - worker.startupSeconds()
          >= LiveStatus.WARM_UP_SECONDS + LiveStatus.RATE_WINDOW_SECONDS) {
        left.add((run.point().steps() - Math.min(worker.step(), run.point().steps())) / worker.stepsPerS());
      } else {
        left.add(Math.max(0, wholeRun(run, running) - worker.seconds()));
      }
    }
    return Eta.seconds(left, queued, parallel);
  }

  /**
   * Seconds a run takes from its start: as long as the runs like it that ended here took, start
   * to end ({@link Worker#wholeRunStepsPerS}); else the median startup and the speed of the runs
   * like it still running; else, by cost, the runs that ended, or those running.
   */
  private double wholeRun(PointRun run, List<Eta.Speed> running) {
    double cost = run.point().gflopPerStep();
    long steps = run.point().steps();
    double startup = Median.of(workers.values().stream().mapToDouble(Worker::startupSeconds)
        .filter(Double::isFinite).toArray());
    double afterStartup = Double.isNaN(startup) ? 0 : startup;
    double rate = Eta.alike(cost, endedSpeeds);
    if (Double.isFinite(rate)) {
      return steps / rate;
    }
    rate = Eta.alike(cost, running);
    if (Double.isFinite(rate)) {
      return afterStartup + steps / rate;
    }
    return endedSpeeds.isEmpty() ? afterStartup + steps / Eta.byCost(cost, running)
        : steps / Eta.byCost(cost, endedSpeeds);
  }

  /**
   * The sweep's last line: how its runs ended, its wall time, and how close that came to the
   * runs' time spread over the machine's cores: the runs' seconds times their kernel threads,
   * divided by the cores (1.00 would leave no core idle).
   */
  String closing() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    String packing = coreSeconds == 0 ? "" : String.format(Locale.ROOT, " (%.2f × the runs'"
        + " time on %d cores, %s)", elapsed / (coreSeconds / cores), cores,
        WorkerPool.duration(coreSeconds / cores));
    return String.format(Locale.ROOT, "sweep: %d of %d runs finished, %d failed, %d not run;"
            + " %s%s", count(RunStatus.FINISHED), runs.size(), count(RunStatus.FAILED),
        runs.size() - ended.size(), WorkerPool.duration(elapsed), packing);
  }

  /**
   * One row per run, in index order, for the overview: asked from its HTTP threads, so it reads
   * only the published view, the workers' volatile figures and the runs' files (status.json, and
   * summary.json of a run that ended and still serves its final metrics).
   */
  List<SweepRow> rows() {
    return seen.stream().map(SweepProgress::row).toList();
  }

  private static SweepRow row(Seen seen) {
    SweepPoint p = seen.run().point();
    State state = seen.state();
    Worker worker = seen.worker();
    RunSummary.LastProbe probe = LiveStatus.read(seen.run().dir())
        .map(LiveStatus::lastProbe).orElse(null);
    long step = state == State.FINISHED ? p.steps()
        : Math.max(worker == null ? 0 : worker.step(), probe == null ? 0 : probe.step());
    String page = worker != null && worker.process().isAlive()
        ? worker.pageUrl().orElse(null) : null;
    return new SweepRow(p.index(), p.runId(), p.label(), state, step, p.steps(),
        state == State.RUNNING ? worker.stepsPerS() : Double.NaN,
        probe == null ? Double.NaN : probe.r2Affine(),
        probe == null ? Double.NaN : probe.clusterR2(), probe == null ? null : probe.step(),
        PaperReference.r2(p.config()), page);
  }

  private void publish() {
    seen = byIndex.stream().map(r -> new Seen(r, ended.get(r), workers.get(r))).toList();
  }

  boolean allFinished() {
    return count(RunStatus.FINISHED) == runs.size();
  }

  private long count(RunStatus status) {
    return ended.values().stream().filter(s -> s == status).count();
  }
}
