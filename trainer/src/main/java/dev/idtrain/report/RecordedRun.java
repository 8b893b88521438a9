package dev.idtrain.report;

import dev.idtrain.config.Config;
import dev.idtrain.event.TrainingEvent.FactorFigure;
import dev.idtrain.run.ProbeRow;
import dev.idtrain.run.Provenance;
import java.nio.file.Path;
import java.util.List;

/**
 * One run directory as read back: its resolved config, its probes in step order, and what
 * summary.json says about how it ended ({@code state} is "unfinished" when there is no
 * summary.json yet: the run is still going, or was killed) and where its figures came from.
 *
 * @param provenance null when its summary has none (no summary yet, or one from an older build)
 * @param pixelBaseline a sprites run's raw-pixel baseline, per factor; empty where none was
 *     measured
 */
record RecordedRun(Path dir, Config config, List<ProbeRow> probes, String state, long steps,
    Provenance provenance, List<FactorFigure> pixelBaseline) {
  /** Device and precision as the report groups by them: "unknown" where not recorded. */
  String device() {
    return provenance == null ? UNKNOWN : provenance.device();
  }

  String precision() {
    return provenance == null ? UNKNOWN : provenance.precision();
  }

  static final String UNKNOWN = "unknown";

  /**
   * The R² of the latents that the paper reports for this run's configuration: of the affine map,
   * or, where the head's rows are normalised, of the linear map without intercept, as the paper's
   * code measures those rows of Tab. 2 (the theorem's map is then orthogonal).
   */
  double r2(ProbeRow probe) {
    return config.model().normalizeRows() ? probe.r2Linear() : probe.r2();
  }

  /** The cluster R² (W→v) the paper reports for it, chosen as {@link #r2} chooses. */
  double clusterR2(ProbeRow probe) {
    return config.model().normalizeRows() ? probe.clusterR2Linear() : probe.clusterR2();
  }

  String id() {
    return config.run().id();
  }

  long seed() {
    return config.run().seed();
  }
}
