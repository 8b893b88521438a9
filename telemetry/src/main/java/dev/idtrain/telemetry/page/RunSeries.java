package dev.idtrain.telemetry.page;

import java.util.List;

/**
 * {@code GET /api/v1/series?since=STEP}: every series' rows recorded after step {@code since},
 * column by column (each column one array, rows in step order). A reader passes {@code
 * nextSince} on its next request, and starts again from 0 when {@code generation} changed: rows
 * it holds were thinned out or rolled back.
 */
public record RunSeries(long generation, long nextSince, Steps steps, Probes probes,
    Checkpoints checkpoints, Rollbacks rollbacks) {

  /** One row per kept training step. */
  public record Steps(double[] step, double[] timeS, double[] loss, double[] stepsPerS,
      double[] queueDepth) {}

  /**
   * One row per probe; {@code r2Dim} holds one column per latent dimension, {@code
   * factorCorrelation} and {@code factorR2} one per factor of the run's {@code factors}.
   */
  public record Probes(double[] step, double[] timeS, double[] loss, double[] r2Affine,
      double[] r2Linear, double[] orthogonalityMae, double[] clusterR2, double[] clusterR2Linear,
      double[] clusterOrthogonalityMae, double[] alignment, double[] accuracy,
      double[] temperatureRatio, List<double[]> r2Dim,
      List<double[]> factorCorrelation, List<double[]> factorR2) {}

  /** The run's time at each checkpoint. */
  public record Checkpoints(double[] step, double[] timeS) {}

  /** Where the run went back to, when, and from which step. */
  public record Rollbacks(double[] step, double[] timeS, double[] fromStep) {}
}
