package dev.idtrain.telemetry.meter;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.PixelBaseline;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.ProbeDropped;
import dev.idtrain.event.TrainingEvent.ProbeFailed;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.RunState;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;
import java.util.Optional;

/**
 * Everything the counters and gauges show, as one immutable value. Each event yields a new value
 * ({@link #apply}), published with a single reference swap, so a scrape that reads one value sees
 * all series of one moment: {@code idtrain_samples_total} and {@code idtrain_steps_total} always
 * belong to the same step, and every probe gauge to the same probe.
 *
 * <p>Figures not yet reported are NaN ("no value yet"), never a made-up number: Prometheus stores
 * NaN, Grafana draws it as a gap, and comparisons in alert rules are false for it.
 *
 * @param state the run's lifecycle state, null before the run reported one
 * @param probe the latest probe, null before the first
 * @param baseline a sprites run's raw-pixel baseline, null until measured
 */
record RunFigures(Counts counts, Latest latest, RunState state, Probe probe, PixelBaseline baseline) {

  static final RunFigures INITIAL = new RunFigures(Counts.NONE, Latest.NONE, null, null, null);

  /** The counters: what this process saw (a Prometheus counter starts at 0 per process). */
  static final class Counts {
    static final Counts NONE = new Counts(new long[Counter.values().length]);

    private final long[] values;

    private Counts(long[] values) {
      this.values = values;
    }

    long get(Counter counter) {
      return values[counter.ordinal()];
    }

    Counts plus(Counter counter) {
      long[] next = values.clone();
      next[counter.ordinal()]++;
      return new Counts(next);
    }

    Counts step(long batch, boolean finite) {
      long[] next = values.clone();
      next[Counter.STEPS.ordinal()]++;
      next[Counter.SAMPLES.ordinal()] += batch;
      if (!finite) {
        next[Counter.NONFINITE_STEPS.ordinal()]++;
      }
      return new Counts(next);
    }
  }

  /**
   * The latest step's figures.
   *
   * @param samples its cumulative sample count, -1 before the first
   * @param batch samples in it
   * @param step the run's step number (a rollback's when it came later), NaN before the first
   */
  record Latest(long samples, long batch, double step, double loss, double learningRate,
      double gradNorm, double queueDepth) {
    static final Latest NONE =
        new Latest(-1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * The batch is the growth of the cumulative {@code samples} since the previous Step. The
     * first Step this process sees may follow a resume, so its batch is taken as {@code samples /
     * step}, exact for a run's constant batch size. If the cumulative count went back (a rollback
     * restored it), the previous batch size is used.
     */
    Latest after(Step s) {
      long b;
      if (samples < 0) {
        b = s.step() > 0 ? s.samples() / s.step() : s.samples();
      } else {
        long delta = s.samples() - samples;
        b = delta > 0 ? delta : batch;
      }
      return new Latest(s.samples(), Math.max(0, b), s.step(), s.loss(), s.learningRate(),
          s.gradNorm(), s.queueDepth());
    }

    Latest rolledBack(RolledBack r) {
      return new Latest(samples, batch, r.step(), loss, r.learningRate(), gradNorm, queueDepth);
    }
  }

  /** True once the first step has been reported: the endpoint's readiness. */
  boolean ready() {
    return counts.get(Counter.STEPS) > 0;
  }

  /** The figures after {@code event}. Unknown or malformed events leave them unchanged. */
  RunFigures apply(TrainingEvent event) {
    if (event instanceof Step s) {
      Latest next = latest.after(s);
      return new RunFigures(counts.step(next.batch(), s.finite()), next, state, probe, baseline);
    } else if (event instanceof Probe p) {
      return new RunFigures(counts, latest, state, p, baseline);
    } else if (event instanceof PixelBaseline b) {
      return new RunFigures(counts, latest, state, probe, b);
    } else if (event instanceof ProbeDropped) {
      return with(counts.plus(Counter.PROBES_DROPPED));
    } else if (event instanceof ProbeFailed) {
      return with(counts.plus(Counter.PROBE_FAILURES));
    } else if (event instanceof Checkpointed) {
      return with(counts.plus(Counter.CHECKPOINTS));
    } else if (event instanceof RolledBack r) {
      return new RunFigures(counts.plus(Counter.ROLLBACKS), latest.rolledBack(r), state, probe,
          baseline);
    } else if (event instanceof Started) {
      return in(RunState.RUNNING);
    } else if (event instanceof StateChanged c && c.state() != null) {
      return in(c.state());
    }
    return this;
  }

  /** The figures after the event stream itself failed: the run can no longer report. */
  RunFigures failed() {
    return in(RunState.FAILED);
  }

  private RunFigures with(Counts next) {
    return new RunFigures(next, latest, state, probe, baseline);
  }

  private RunFigures in(RunState next) {
    return new RunFigures(counts, latest, next, probe, baseline);
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

  double factorCorrelation(int factor) {
    return factor(factor).map(TrainingEvent.FactorFigure::correlation).orElse(Double.NaN);
  }

  double factorR2(int factor) {
    return factor(factor).map(TrainingEvent.FactorFigure::r2).orElse(Double.NaN);
  }

  double baselineCorrelation(int factor) {
    return baseline == null || factor >= baseline.factors().size() ? Double.NaN
        : baseline.factors().get(factor).correlation();
  }

  private Optional<TrainingEvent.FactorFigure> factor(int factor) {
    return probe == null || factor >= probe.factors().size() ? Optional.empty()
        : Optional.of(probe.factors().get(factor));
  }

  double orthogonalityMae() {
    return probe == null ? Double.NaN : probe.orthogonalityMae();
  }

  double clusterR2() {
    return probe == null ? Double.NaN : probe.clusterR2();
  }

  double clusterR2Linear() {
    return probe == null ? Double.NaN : probe.clusterR2Linear();
  }

  double clusterOrthogonalityMae() {
    return probe == null ? Double.NaN : probe.clusterOrthogonalityMae();
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
