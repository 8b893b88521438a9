package dev.idtrain.telemetry.page;

import dev.idtrain.event.RunInfo;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Checkpointed;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import dev.idtrain.event.TrainingEvent.PixelBaseline;
import dev.idtrain.event.TrainingEvent.Probe;
import dev.idtrain.event.TrainingEvent.ProbeFailed;
import dev.idtrain.event.TrainingEvent.RolledBack;
import dev.idtrain.event.TrainingEvent.Started;
import dev.idtrain.event.TrainingEvent.StateChanged;
import dev.idtrain.event.TrainingEvent.Step;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The run's history for the live page, read from the same events as the meters: the header's
 * figures and every chart's series, each in a {@link SeriesBuffer} of fixed size, so memory does
 * not grow with the run's length.
 *
 * <p>Events and readers share one lock. The publishing thread holds it for a few array writes
 * per event; a reader holds it while copying the rows it asked for, and turns them into JSON
 * after letting go.
 */
public final class RunHistory {

  static final int STEP_ROWS = 4096;
  static final int PROBE_ROWS = 4096;
  static final int MARKER_ROWS = 1024;
  /** steps/s is measured over windows of at least this much of the run's time. */
  static final double RATE_WINDOW_SECONDS = 1;

  /** Columns after the step: as {@link RunSeries.Steps} and {@link RunSeries.Probes} list them. */
  private static final int STEP_COLUMNS = 4;
  private static final int PROBE_COLUMNS = 11;
  private static final System.Logger LOG = System.getLogger(RunHistory.class.getName());

  private final RunInfo info;
  private final List<ConfigEntry> config;
  private final SeriesBuffer steps = new SeriesBuffer(STEP_ROWS, STEP_COLUMNS);
  private final SeriesBuffer probes;
  private final SeriesBuffer checkpoints = new SeriesBuffer(MARKER_ROWS, 1);
  private final SeriesBuffer rollbacks = new SeriesBuffer(MARKER_ROWS, 2);
  private final double[] pixelBaseline;

  private String state = "starting";
  private String reason;
  private long step;
  private boolean stepped;
  private long samples;
  private double elapsed = Double.NaN;
  private double loss = Double.NaN;
  private double stepsPerSecond = Double.NaN;
  private long windowStep;
  private double windowStart = Double.NaN;
  private long probeCount;
  private long probeFailureCount;
  private long checkpointCount;
  private long rollbackCount;
  private boolean reportedFailure;

  public RunHistory(RunInfo info, List<ConfigEntry> config) {
    this.info = info;
    // Keys the run changed come first: they are what tells this run from another.
    this.config = config.stream()
        .sorted(Comparator.comparing(ConfigEntry::changed).reversed())
        .toList();
    // After the fixed columns: R² per dimension, then each factor's correlation, then its R².
    this.probes = new SeriesBuffer(PROBE_ROWS,
        PROBE_COLUMNS + info.dim() + 2 * info.factors().size());
    this.pixelBaseline = new double[info.factors().size()];
    Arrays.fill(pixelBaseline, Double.NaN);
  }

  /** Follows {@code events}; an error signal marks the run failed. Dispose to stop. */
  public Disposable subscribe(Flux<? extends TrainingEvent> events) {
    return events.subscribe(this::onEvent, this::onStreamError);
  }

  /** Records one event. Never throws: a defect here must not reach the training thread. */
  synchronized void onEvent(TrainingEvent event) {
    try {
      record(event);
    } catch (RuntimeException e) {
      if (!reportedFailure) {
        reportedFailure = true;
        LOG.log(System.Logger.Level.WARNING, "live page could not record " + event, e);
      }
    }
  }

  private void record(TrainingEvent event) {
    if (event instanceof Step s) {
      onStep(s);
    } else if (event instanceof Probe p) {
      probeCount++;
      double[] row = new double[probes.columns()];
      double[] head = {p.elapsedSeconds(), p.loss(), p.r2Affine(), p.r2Linear(),
          p.orthogonalityMae(), p.clusterR2(), p.clusterR2Linear(), p.clusterOrthogonalityMae(),
          p.alignment(), p.accuracy(), p.temperatureRatio()};
      System.arraycopy(head, 0, row, 0, head.length);
      for (int d = 0; d < info.dim(); d++) {
        row[head.length + d] = d < p.r2PerDim().size() ? p.r2PerDim().get(d) : Double.NaN;
      }
      int factorsAt = head.length + info.dim();
      int factors = info.factors().size();
      Arrays.fill(row, factorsAt, row.length, Double.NaN);
      for (FactorFigure f : p.factors()) {
        int i = info.factors().indexOf(f.factor());
        if (i >= 0) {
          row[factorsAt + i] = f.correlation();
          row[factorsAt + factors + i] = f.r2();
        }
      }
      probes.add(p.step(), laterStamp(), row);
    } else if (event instanceof PixelBaseline b) {
      for (FactorFigure f : b.factors()) {
        int i = info.factors().indexOf(f.factor());
        if (i >= 0) {
          pixelBaseline[i] = f.correlation();
        }
      }
    } else if (event instanceof ProbeFailed) {
      probeFailureCount++;
    } else if (event instanceof Checkpointed c) {
      checkpointCount++;
      checkpoints.add(c.step(), laterStamp(), elapsed);
    } else if (event instanceof RolledBack r) {
      rollbackCount++;
      // The steps after the checkpoint are no longer the run's path: drop them from the charts
      // and mark where the run went back.
      steps.truncate(r.step());
      probes.truncate(r.step());
      checkpoints.truncate(r.step());
      step = r.step();
      windowStart = Double.NaN;
      rollbacks.add(r.step(), laterStamp(), elapsed, r.fromStep());
    } else if (event instanceof Started) {
      state = "running";
    } else if (event instanceof StateChanged c && c.state() != null) {
      state = c.state().name().toLowerCase(Locale.ROOT);
      reason = c.reason();
    }
  }

  private void onStep(Step s) {
    step = s.step();
    stepped = true;
    samples = s.samples();
    elapsed = s.elapsedSeconds();
    loss = s.loss();
    if (Double.isNaN(windowStart)) {
      windowStart = elapsed;
      windowStep = step;
    } else if (elapsed - windowStart >= RATE_WINDOW_SECONDS) {
      stepsPerSecond = (step - windowStep) / (elapsed - windowStart);
      windowStart = elapsed;
      windowStep = step;
    }
    steps.add(step, step, elapsed, loss, stepsPerSecond, s.queueDepth());
  }

  /**
   * The stamp of a row recorded between steps: after the latest step, so a reader that paged up
   * to that step gets it next time.
   */
  private long laterStamp() {
    return step + 1;
  }

  private synchronized void onStreamError(Throwable error) {
    state = "failed";
    reason = "the run's event stream failed: " + error;
  }

  /** The header: what the run is, its state and latest figures, its configuration. */
  synchronized RunHeader run() {
    return new RunHeader(info.run(), info.objective(), state, reason, stepped ? step : null,
        samples, stepsPerSecond, loss, elapsed,
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, info.device(),
        info.precision(), info.version(), info.dim(), info.classes(), info.instances(),
        info.conditional(), info.kappa(), info.reference(), info.process(), info.factors(),
        pixelBaseline.clone(), probeCount, probeFailureCount,
        checkpointCount, rollbackCount, config);
  }

  /** Every series' rows recorded after step {@code since} (0: all), column by column. */
  synchronized RunSeries series(long since) {
    double[][] s = steps.since(since);
    double[][] p = probes.since(since);
    int factors = info.factors().size();
    int factorsAt = 1 + PROBE_COLUMNS + info.dim();
    List<double[]> perDim = Arrays.asList(p).subList(1 + PROBE_COLUMNS, factorsAt);
    List<double[]> correlation = Arrays.asList(p).subList(factorsAt, factorsAt + factors);
    List<double[]> r2 = Arrays.asList(p).subList(factorsAt + factors, factorsAt + 2 * factors);
    double[][] c = checkpoints.since(since);
    double[][] r = rollbacks.since(since);
    return new RunSeries(
        steps.generation() + probes.generation() + checkpoints.generation()
            + rollbacks.generation() + rollbackCount,
        step,
        new RunSeries.Steps(s[0], s[1], s[2], s[3], s[4]),
        new RunSeries.Probes(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
            p[11], perDim, correlation, r2),
        new RunSeries.Checkpoints(c[0], c[1]),
        new RunSeries.Rollbacks(r[0], r[1], r[2]));
  }
}
