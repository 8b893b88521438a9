package dev.idtrain.run;

import dev.idtrain.checkpoint.Checkpoint;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.event.TrainingEvent.Step;
import dev.idtrain.probe.R2Crossings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Follows a run's events to say, when it stops, what it did: its {@link RunSummary}. */
public final class RunRecord implements Consumer<TrainingEvent> {
  private final String runId;
  /** Samples seen before this process: those of the checkpoint it resumed from. */
  private final long samplesBefore;
  private volatile Step lastStep;
  private volatile TrainingEvent.Probe lastProbe;
  private volatile TrainingEvent.PixelBaseline pixelBaseline;
  private volatile TrainingEvent.StateChanged state;
  private volatile long stepsThisSession;
  private volatile long checkpointStep;
  private volatile TrainingEvent lastCheckpoint;
  private final List<String> unwritten = new ArrayList<>();
  private final R2Crossings crossings = new R2Crossings(0.95, 0.98, 0.99);

  /** @param resumed the checkpoint the run resumed from, null for a fresh run */
  RunRecord(String runId, Checkpoint resumed) {
    this.runId = runId;
    this.checkpointStep = resumed == null ? -1 : resumed.step();
    this.samplesBefore = resumed == null ? 0 : resumed.samples();
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof Step s) {
      stepsThisSession++;
      lastStep = s;
    } else if (event instanceof TrainingEvent.Probe p) {
      lastProbe = p;
      crossings.accept(p);
    } else if (event instanceof TrainingEvent.PixelBaseline b) {
      pixelBaseline = b;
    } else if (event instanceof TrainingEvent.StateChanged c) {
      state = c;
    } else if (event instanceof TrainingEvent.Checkpointed c) {
      checkpointStep = c.step();
      lastCheckpoint = c;
    } else if (event instanceof TrainingEvent.WriteFailed w
        && w.file() == TrainingEvent.RunFile.CHECKPOINT) {
      lastCheckpoint = w;
    }
  }

  /** A probe of the trajectory a resumed run continues (its probes.csv), before its own. */
  void resumedFrom(ProbeRow probe) {
    crossings.observe(probe.step(), probe.elapsedSeconds(), probe.r2());
  }

  /** Notes a file the run could not write when it stopped. */
  synchronized void unwritten(String what) {
    unwritten.add(what);
  }

  /**
   * What the stopped run could not write: its final checkpoint (the last attempt, at the final
   * step, failed), and whatever else was noted. Empty when everything is on disk.
   */
  public synchronized List<String> unwritten() {
    List<String> out = new ArrayList<>();
    if (!failed() && state != null && lastCheckpoint instanceof TrainingEvent.WriteFailed w
        && w.step() == state.step()) {
      out.add("the final checkpoint (" + w.reason().name().toLowerCase(Locale.ROOT) + ")");
    }
    out.addAll(unwritten);
    return out;
  }

  /** The step of the newest checkpoint on disk: where the run resumes. */
  public long checkpointStep() {
    return checkpointStep;
  }

  /** The run's step count when it ended. */
  public long step() {
    return state != null ? state.step() : lastStep != null ? lastStep.step() : 0;
  }

  public boolean failed() {
    return state != null && state.state() == TrainingEvent.RunState.FAILED;
  }

  public String reason() {
    return state == null ? "" : state.reason();
  }

  /** @param converged whether the run stopped because it converged */
  RunSummary summary(double wallSeconds, Provenance provenance, boolean converged) {
    Step last = lastStep;
    return new RunSummary(runId,
        state == null ? "stopped" : state.state().name().toLowerCase(Locale.ROOT), reason(),
        converged && !failed(),
        step(), last == null ? samplesBefore : last.samples(), wallSeconds,
        wallSeconds > 0 ? stepsThisSession / wallSeconds : 0,
        checkpointStep < 0 ? null : checkpointStep, last == null ? Double.NaN : last.loss(),
        lastProbe == null ? null : RunSummary.LastProbe.of(lastProbe), crossings.summary(),
        provenance, pixelBaseline == null ? null : pixelBaseline.factors());
  }
}
