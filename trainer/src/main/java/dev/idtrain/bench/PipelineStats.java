package dev.idtrain.bench;

import dev.idtrain.event.TrainingEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Accumulates a benchmark run's events into throughput and time-breakdown figures. */
final class PipelineStats implements Consumer<TrainingEvent> {
  private final int warmupSteps;
  private double firstElapsed = Double.NaN;
  private double lastElapsed;
  private long measured;
  private double stepSeconds;
  private double samplerSeconds;
  private long queueDepthSum;
  private long probes;
  private double probeSeconds;
  private long probesDropped;
  int peakQueueDepth;

  PipelineStats(int warmupSteps) {
    this.warmupSteps = warmupSteps;
  }

  @Override
  public synchronized void accept(TrainingEvent event) {
    if (event instanceof TrainingEvent.Step s && s.step() >= warmupSteps) {
      if (s.step() == warmupSteps) {
        firstElapsed = s.elapsedSeconds();
        return;
      }
      measured++;
      lastElapsed = s.elapsedSeconds();
      stepSeconds += s.stepSeconds();
      samplerSeconds += s.samplerSeconds();
      queueDepthSum += s.queueDepth();
    } else if (event instanceof TrainingEvent.Probe p) {
      probes++;
      probeSeconds += p.seconds();
    } else if (event instanceof TrainingEvent.ProbeDropped) {
      probesDropped++;
    }
  }

  /** Steps per second after the warm-up, from the steps' own clock. */
  synchronized double stepsPerSecond() {
    return measured / (lastElapsed - firstElapsed);
  }

  /** The time breakdown: where a step's time goes, queue and probes. */
  synchronized Map<String, Object> figures() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step_seconds_mean", stepSeconds / measured);
    out.put("sampler_seconds_mean", samplerSeconds / measured);
    out.put("queue_depth_mean", (double) queueDepthSum / measured);
    out.put("queue_depth_peak", peakQueueDepth);
    out.put("probe_seconds", probes == 0 ? Double.NaN : probeSeconds / probes);
    out.put("probes", probes);
    out.put("probes_dropped", probesDropped);
    return out;
  }
}
