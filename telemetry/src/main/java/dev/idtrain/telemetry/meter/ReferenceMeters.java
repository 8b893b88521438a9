package dev.idtrain.telemetry.meter;

import dev.idtrain.event.RunInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The paper's figures for the run's configuration as constant series, so a dashboard draws them as
 * reference lines beside the measured ones. A series exists only where the paper has the figure.
 */
record ReferenceMeters(RunInfo.Reference paper) implements MeterBinder {

  @Override
  public void bindTo(MeterRegistry registry) {
    constant(registry, "idtrain.reference.r2", paper.r2(),
        "The paper's affine R² of the latents for this configuration");
    constant(registry, "idtrain.reference.cluster.r2", paper.clusterR2(),
        "The paper's R² of the head rows to the cluster vectors (W→v) for this configuration");
    constant(registry, "idtrain.reference.orthogonality.mae", paper.orthogonalityMae(),
        "The paper's orthogonality error of the map to the latents for this configuration");
    constant(registry, "idtrain.reference.cluster.orthogonality.mae",
        paper.clusterOrthogonalityMae(),
        "The paper's orthogonality error of the head rows' map for this configuration");
    for (RunInfo.FactorReference factor : paper.factors()) {
      Gauge.builder("idtrain.reference.factor.correlation", factor::correlation)
          .tag("factor", factor.factor())
          .description("The paper's Pearson's r of a linear decoder from its MLP's features to"
              + " one factor of the sprite (Tab. 4)")
          .register(registry);
      Gauge.builder("idtrain.reference.pixel.correlation", factor::pixels)
          .tag("factor", factor.factor())
          .description("The paper's Pearson's r of a linear decoder from the raw pixels to one"
              + " factor of the sprite (Tab. 4)")
          .register(registry);
    }
  }

  private static void constant(MeterRegistry registry, String name, double value, String description) {
    if (Double.isFinite(value)) {
      Gauge.builder(name, () -> value).description(description).register(registry);
    }
  }
}
