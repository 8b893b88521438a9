package dev.idtrain.sweep;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sweep says on its console: a line per run started and ended, and every few seconds
 * how many runs are done, running, failed and queued, with an ETA from the steps trained so far.
 */
final class SweepProgress {
  private final List<PointRun> runs;
  private final long startNanos = System.nanoTime();
  private final Map<PointRun, Worker> workers = new HashMap<>();
  private final Map<PointRun, RunStatus> ended = new HashMap<>();
  private int finishedBefore;
  private int failedBefore;
  private long stepsTrainedByEnded;

  SweepProgress(List<PointRun> runs) {
    this.runs = runs;
  }

  void finishedBefore(PointRun run) {
    ended.put(run, RunStatus.FINISHED);
    finishedBefore++;
  }

  void failedBefore(PointRun run) {
    ended.put(run, RunStatus.FAILED);
    failedBefore++;
  }

  void started(Worker worker) {
    workers.put(worker.run(), worker);
  }

  String opening(Path dir, int parallel) {
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
    stepsTrainedByEnded += worker.stepsTrained();
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
    return String.format(Locale.ROOT, "run %d %s: %s", p.index(), p.runId(), what);
  }

  String line() {
    // A run that ended and only serves its final metrics counts by how it ended.
    List<RunStatus> lingering = workers.values().stream().filter(w -> !w.training())
        .map(w -> w.run().status()).toList();
    long done = count(RunStatus.FINISHED) + lingering.stream().filter(s -> s == RunStatus.FINISHED).count();
    long failed = count(RunStatus.FAILED) + lingering.stream().filter(s -> s != RunStatus.FINISHED).count();
    long running = workers.size() - lingering.size();
    long queued = runs.size() - count(RunStatus.FINISHED) - count(RunStatus.FAILED) - workers.size();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    long trained = stepsTrainedByEnded + workers.values().stream().mapToLong(Worker::stepsTrained).sum();
    long remaining = 0;
    for (PointRun run : runs) {
      if (!ended.containsKey(run)) {
        Worker worker = workers.get(run);
        remaining += run.point().steps() - (worker == null ? 0 : Math.min(worker.step(), run.point().steps()));
      }
    }
    String eta = trained > 0 ? WorkerPool.duration(remaining * elapsed / trained) : "-";
    return String.format(Locale.ROOT, "sweep: %d done, %d running, %d failed, %d queued;"
            + " %.1f steps/s; ETA %s", done, running, failed, queued, trained / elapsed, eta);
  }

  String closing() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "sweep: %d of %d runs finished, %d failed, %d not run;"
            + " %s", count(RunStatus.FINISHED), runs.size(), count(RunStatus.FAILED),
        runs.size() - ended.size(), WorkerPool.duration(elapsed));
  }

  boolean allFinished() {
    return count(RunStatus.FINISHED) == runs.size();
  }

  private long count(RunStatus status) {
    return ended.values().stream().filter(s -> s == status).count();
  }
}
