package dev.idtrain.sweep;

import dev.idtrain.probe.PaperReference;
import dev.idtrain.config.Architecture;
import dev.idtrain.config.Config;
import dev.idtrain.run.LiveStatus;
import dev.idtrain.run.RunSummary;
import dev.idtrain.stats.Median;
import dev.idtrain.telemetry.sweep.SweepRow;
import dev.idtrain.telemetry.sweep.SweepRow.State;
import java.nio.file.Path;
import java.util.ArrayList;
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
  private final int parallel;
  private final long startNanos = System.nanoTime();
  private final Map<PointRun, Worker> workers = new HashMap<>();
  private final Map<PointRun, RunStatus> ended = new HashMap<>();
  /** GFLOP/s of the runs that ended here, each at its last measured speed. */
  private final List<Double> endedThroughputs = new ArrayList<>();
  private int finishedBefore;
  private int failedBefore;
  /** What the overview's threads read: replaced, never changed, by the sweep's thread. */
  private volatile List<Seen> seen;

  SweepProgress(List<PointRun> runs, int parallel) {
    this.runs = runs;
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
    double throughput = throughput(worker);
    if (Double.isFinite(throughput)) {
      endedThroughputs.add(throughput);
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
   * Seconds until the sweep ends ({@link Eta}): a running run at its own speed, and a queued one
   * (or a running one not yet measured) at the median speed of the runs measured so far in
   * GFLOP/s of its matrix products, after the median startup; NaN before any run was measured.
   */
  double eta() {
    List<Double> throughputs = new ArrayList<>(endedThroughputs);
    workers.values().stream().map(SweepProgress::throughput).filter(Double::isFinite)
        .forEach(throughputs::add);
    double gflops = median(throughputs);
    if (Double.isNaN(gflops)) {
      return Double.NaN;
    }
    double startup = median(workers.values().stream().map(Worker::startupSeconds)
        .filter(Double::isFinite).toList());
    List<Double> running = new ArrayList<>();
    List<Double> queued = new ArrayList<>();
    for (PointRun run : runs) {
      Worker worker = workers.get(run);
      if (ended.containsKey(run) || worker != null && !worker.training()) {
        continue;
      }
      long left = run.point().steps() - (worker == null ? 0 : Math.min(worker.step(), run.point().steps()));
      double rate = worker == null ? Double.NaN : worker.stepsPerS();
      double seconds = Double.isFinite(rate) && rate > 0 ? left / rate : left * gflopPerStep(run) / gflops;
      if (worker != null) {
        running.add(seconds);
      } else {
        queued.add((Double.isNaN(startup) ? 0 : startup) + seconds);
      }
    }
    return Eta.seconds(running, queued, parallel);
  }

  private static double throughput(Worker worker) {
    return worker.stepsPerS() * gflopPerStep(worker.run());
  }

  private static double gflopPerStep(PointRun run) {
    Config config = run.point().config();
    return Architecture.of(config).gflopPerStep(config.train().batchSize());
  }

  private static double median(List<Double> values) {
    return Median.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  String closing() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "sweep: %d of %d runs finished, %d failed, %d not run;"
            + " %s", count(RunStatus.FINISHED), runs.size(), count(RunStatus.FAILED),
        runs.size() - ended.size(), WorkerPool.duration(elapsed));
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
    seen = runs.stream().map(r -> new Seen(r, ended.get(r), workers.get(r))).toList();
  }

  boolean allFinished() {
    return count(RunStatus.FINISHED) == runs.size();
  }

  private long count(RunStatus status) {
    return ended.values().stream().filter(s -> s == status).count();
  }
}
