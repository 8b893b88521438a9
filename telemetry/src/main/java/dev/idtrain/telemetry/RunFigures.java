package dev.idtrain.telemetry;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.ProbeDropped;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;

/**
 * Everything the counters and gauges show, as one immutable value. Each event yields a new value
 * ({@link #apply}), published with a single reference swap, so a scrape that reads one value sees
 * all series of one moment: {@code idtrain_samples_total} and {@code idtrain_steps_total} always
 * belong to the same step, and every probe gauge to the same probe.
 *
 * <p>Figures not yet reported are NaN ("no value yet"), never a made-up number: Prometheus stores
 * NaN, Grafana draws it as a gap, and comparisons in alert rules are false for it.
 *
 * @param steps Step events seen by this process (a Prometheus counter: starts at 0 per process)
 * @param samples samples in those steps
 * @param lastSamples the cumulative sample count of the latest Step event, -1 before the first
 * @param batch samples in the latest step
 * @param lastStep the run's step number of the latest Step (or rollback), NaN before the first
 * @param state the run's lifecycle state, null before the run reported one
 * @param probe the latest probe, null before the first
 */
record RunFigures(
    long steps,
    long samples,
    long nonfiniteSteps,
    long probesDropped,
    long checkpoints,
    long rollbacks,
    long lastSamples,
    long batch,
    double lastStep,
    double loss,
    double learningRate,
    double gradNorm,
    double queueDepth,
    RunState state,
    Probe probe) {

  static final RunFigures INITIAL =
      new RunFigures(
          0, 0, 0, 0, 0, 0, -1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          null, null);

  /** True once the first step has been reported: the endpoint's readiness. */
  boolean ready() {
    return steps > 0;
  }

  /** The figures after {@code event}. Unknown or malformed events leave them unchanged. */
  RunFigures apply(TrainingEvent event) {
    if (event instanceof Step s) {
      return step(s);
    } else if (event instanceof Probe p) {
      return new RunFigures(
          steps, samples, nonfiniteSteps, probesDropped, checkpoints, rollbacks, lastSamples,
          batch, lastStep, loss, learningRate, gradNorm, queueDepth, state, p);
    } else if (event instanceof ProbeDropped) {
      return counts(nonfiniteSteps, probesDropped + 1, checkpoints, rollbacks, state);
    } else if (event instanceof Checkpointed) {
      return counts(nonfiniteSteps, probesDropped, checkpoints + 1, rollbacks, state);
    } else if (event instanceof RolledBack r) {
      return new RunFigures(
          steps, samples, nonfiniteSteps, probesDropped, checkpoints, rollbacks + 1, lastSamples,
          batch, r.step(), loss, r.learningRate(), gradNorm, queueDepth, state, probe);
    } else if (event instanceof Started) {
      return counts(nonfiniteSteps, probesDropped, checkpoints, rollbacks, RunState.RUNNING);
    } else if (event instanceof StateChanged c && c.state() != null) {
      return counts(nonfiniteSteps, probesDropped, checkpoints, rollbacks, c.state());
    }
    return this;
  }

  /** The figures after the event stream itself failed: the run can no longer report. */
  RunFigures failed() {
    return counts(nonfiniteSteps, probesDropped, checkpoints, rollbacks, RunState.FAILED);
  }

  /**
   * A step adds its batch to the sample counter. The batch is the growth of the cumulative
   * {@code samples} since the previous Step. The first Step this process sees may follow a resume,
   * so its batch is taken as {@code samples / step}, exact for a run's constant batch size. If the
   * cumulative count went back (a rollback restored it), the previous batch size is used.
   */
  private RunFigures step(Step s) {
    long b;
    if (lastSamples < 0) {
      b = s.step() > 0 ? s.samples() / s.step() : s.samples();
    } else {
      long delta = s.samples() - lastSamples;
      b = delta > 0 ? delta : batch;
    }
    b = Math.max(0, b);
    return new RunFigures(
        steps + 1, samples + b, s.finite() ? nonfiniteSteps : nonfiniteSteps + 1, probesDropped,
        checkpoints, rollbacks, s.samples(), b, s.step(), s.loss(), s.learningRate(),
        s.gradNorm(), s.queueDepth(), state, probe);
  }

  private RunFigures counts(
      long nonfinite, long dropped, long checkpointsNow, long rollbacksNow, RunState stateNow) {
    return new RunFigures(
        steps, samples, nonfinite, dropped, checkpointsNow, rollbacksNow, lastSamples, batch,
        lastStep, loss, learningRate, gradNorm, queueDepth, stateNow, probe);
  }

  // Probe figures, NaN before the first probe.

  double r2Affine() {
    return probe == null ? Double.NaN : probe.r2Affine();
  }

  double r2Linear() {
    return probe == null ? Double.NaN : probe.r2Linear();
  }

  double r2Dim(int dim) {
    if (probe == null || dim >= probe.r2PerDim().size()) {
      return Double.NaN;
    }
    Double v = probe.r2PerDim().get(dim);
    return v == null ? Double.NaN : v;
  }

  double orthogonalityMae() {
    return probe == null ? Double.NaN : probe.orthogonalityMae();
  }

  double clusterR2() {
    return probe == null ? Double.NaN : probe.clusterR2();
  }

  double alignment() {
    return probe == null ? Double.NaN : probe.alignment();
  }

  double accuracy() {
    return probe == null ? Double.NaN : probe.accuracy();
  }

  double temperatureRatio() {
    return probe == null ? Double.NaN : probe.temperatureRatio();
  }

  double lastProbeStep() {
    return probe == null ? Double.NaN : probe.step();
  }

  double inState(RunState s) {
    return state == s ? 1 : 0;
  }
}
