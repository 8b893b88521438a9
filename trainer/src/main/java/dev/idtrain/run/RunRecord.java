package dev.idtrain.run;

import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.R2Crossings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Follows a run's events to say, when it stops, what it did: summary.json's content. */
public final class RunRecord implements Consumer<TrainingEvent> {
  private final String runId;
  private volatile TrainingEvent.Step lastStep;
  private volatile TrainingEvent.Probe lastProbe;
  private volatile TrainingEvent.StateChanged state;
  private volatile long stepsThisSession;
  private volatile long checkpointStep;
  private volatile TrainingEvent lastCheckpoint;
  private final List<String> unwritten = new ArrayList<>();
  private final R2Crossings crossings = new R2Crossings(0.95, 0.98, 0.99);

  /** @param checkpointStep the step of the checkpoint the run resumed from, -1 for a fresh run */
  RunRecord(String runId, long checkpointStep) {
    this.runId = runId;
    this.checkpointStep = checkpointStep;
  }

  @Override
  public void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Step s) {
      stepsThisSession++;
      lastStep = s;
    } else if (event instanceof TrainingEvent.Probe p) {
      lastProbe = p;
      crossings.accept(p);
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

  Map<String, Object> summary(double wallSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    long steps = lastStep == null ? 0 : lastStep.step();
    out.put("run", runId);
    out.put("state", state == null ? "stopped" : state.state().name().toLowerCase(Locale.ROOT));
    out.put("reason", reason());
    out.put("steps", steps);
    out.put("samples", lastStep == null ? 0 : lastStep.samples());
    out.put("wall_seconds", wallSeconds);
    out.put("steps_per_second", wallSeconds > 0 ? stepsThisSession / wallSeconds : 0);
    out.put("checkpoint_step", checkpointStep < 0 ? null : checkpointStep);
    out.put("last_loss", lastStep == null ? null : finite(lastStep.loss()));
    out.put("last_probe", lastProbe == null ? null : probe(lastProbe));
    out.put("r2_crossings", crossings.summary());
    return out;
  }

  private static Map<String, Object> probe(TrainingEvent.Probe p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", p.step());
    out.put("r2_affine", finite(p.r2Affine()));
    out.put("r2_linear", finite(p.r2Linear()));
    out.put("r2_per_dim", p.r2PerDim());
    out.put("orthogonality_mae", finite(p.orthogonalityMae()));
    out.put("cluster_r2", finite(p.clusterR2()));
    out.put("alignment", finite(p.alignment()));
    out.put("accuracy", finite(p.accuracy()));
    out.put("temperature_ratio", finite(p.temperatureRatio()));
    return out;
  }

  /** JSON has no NaN: a figure that does not apply is null. */
  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
