package dev.idtrain.run;

import dev.idtrain.checkpoint.AtomicFiles;
import dev.idtrain.event.TrainingEvent;
import dev.idtrain.probe.R2Crossings;
import dev.idtrain.telemetry.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code summary.json}: what a run did, written when it stops and read back by sweeps and
 * reports, here and only here. Figures that do not apply, or were never measured, are NaN (null
 * in the file).
 *
 * @param state {@code stopped} or {@code failed}
 * @param reason why it stopped, as its final state said
 * @param converged whether it stopped because its monitored figure converged ({@code stop.*}):
 *     finished, though short of its step budget
 * @param steps the step it reached
 * @param stepsPerSecond steps this process trained over its wall time
 * @param checkpointStep the step of its newest checkpoint on disk, where it resumes; null when
 *     none was written
 * @param lastProbe null before the first probe
 * @param r2Crossings per level, the first probe at which the window median of the affine R²
 *     reached it, null where it did not
 * @param pixelBaseline a sprites run's raw-pixel baseline, per factor; null when none was
 *     measured (the sphere, or a run too short for it)
 */
public record RunSummary(String run, String state, String reason, boolean converged, long steps,
    long samples, double wallSeconds, double stepsPerSecond, Long checkpointStep, double lastLoss,
    LastProbe lastProbe, Map<String, R2Crossings.Crossing> r2Crossings, Provenance provenance,
    List<TrainingEvent.FactorFigure> pixelBaseline) {

  public static final String FILE = "summary.json";

  /** The run's last probe, every figure of it (a sprite's factors: none on the sphere). */
  public record LastProbe(long step, double r2Affine, double r2Linear, List<Double> r2PerDim,
      double orthogonalityMae, double clusterR2, double clusterR2Linear,
      double clusterOrthogonalityMae, double alignment, double accuracy, double temperatureRatio,
      List<TrainingEvent.FactorFigure> factors) {
    static LastProbe of(TrainingEvent.Probe p) {
      return new LastProbe(p.step(), p.r2Affine(), p.r2Linear(), p.r2PerDim(),
          p.orthogonalityMae(), p.clusterR2(), p.clusterR2Linear(), p.clusterOrthogonalityMae(),
          p.alignment(), p.accuracy(), p.temperatureRatio(), p.factors());
    }
  }

  public boolean failed() {
    return state.equals("failed");
  }

  /** Whether the run is done: stopped at its step budget, or converged before it. */
  public boolean finished(long budget) {
    return state.equals("stopped") && (converged || steps >= budget);
  }

  void write(Path runDir) throws IOException {
    AtomicFiles.write(runDir.resolve(FILE), Json.FILES.writeValueAsBytes(this));
  }

  /**
   * The summary of the run in {@code runDir}; empty when it has none (still running, killed,
   * never started).
   *
   * @throws IOException when it cannot be read or is not a run summary
   */
  public static Optional<RunSummary> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    RunSummary summary = Json.FILES.readValue(file.toFile(), RunSummary.class);
    if (summary == null || summary.state() == null) {
      throw new IOException(file + ": not a run summary (no 'state')");
    }
    return Optional.of(summary);
  }
}
