package dev.idtrain.event;

import java.util.List;

/**
 * What a run is, for the {@code idtrain_run_info} series and the dashboards' run header.
 *
 * @param device the device it trains on: {@code cpu} or {@code gpu:N}
 * @param precision the precision of its matrix products as resolved: {@code fp32} or {@code bf16}
 * @param reference the paper's figures for this configuration, {@link Reference#NONE} if the
 *     paper has no matching row
 * @param sweep the sweep the run belongs to, "" for none
 * @param point the label of the sweep point the run belongs to, "" for none
 * @param process the generative process: {@code sphere} or {@code sprites}
 * @param factors the factors whose decoding probes report ({@link TrainingEvent.FactorFigure});
 *     none on the sphere
 */
public record RunInfo(
    String run,
    String objective,
    int dim,
    int classes,
    int instances,
    String conditional,
    double kappa,
    String device,
    String precision,
    String version,
    Reference reference,
    String sweep,
    String point,
    String process,
    List<String> factors) {
  public static final String SPHERE = "sphere";

  public RunInfo {
    factors = List.copyOf(factors);
  }

  /**
   * The paper's figures for a configuration, NaN where its table has none.
   *
   * @param row the row, as the paper's tables name it ({@code Tab. 3 d10}); "" for none
   * @param r2 affine R² of the features to the latents
   * @param clusterR2 R² of the head rows to the cluster vectors, Tab. 2's W→v (DIET rows)
   * @param orthogonalityMae orthogonality error of the map to the latents (normalised rows)
   * @param clusterOrthogonalityMae orthogonality error of the head rows' map (normalised rows)
   * @param factors per factor, the correlations of its decoders (sprites); none on the sphere
   */
  public record Reference(String row, double r2, double clusterR2, double orthogonalityMae,
      double clusterOrthogonalityMae, List<FactorReference> factors) {
    public static final Reference NONE =
        new Reference("", Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());

    public Reference {
      factors = List.copyOf(factors);
    }
  }

  /**
   * The paper's Pearson correlations of a linear decoder for one factor (Tab. 4).
   *
   * @param correlation from the features of its MLP
   * @param pixels from the raw pixels
   */
  public record FactorReference(String factor, double correlation, double pixels) {}

  /** A run on the sphere outside any sweep. */
  public RunInfo(String run, String objective, int dim, int classes, int instances,
      String conditional, double kappa, String device, String precision, String version,
      Reference reference) {
    this(run, objective, dim, classes, instances, conditional, kappa, device, precision, version,
        reference, "", "", SPHERE, List.of());
  }
}
