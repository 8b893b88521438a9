package dev.idtrain.event;

/**
 * What a run is, for the {@code idtrain_run_info} series and the dashboards' run header.
 *
 * @param device the device it trains on: {@code cpu} or {@code gpu:N}
 * @param precision the precision of its matrix products as resolved: {@code fp32} or {@code bf16}
 * @param referenceR2 the paper's reported R² for this configuration, NaN if the
 *     paper has no matching row
 * @param sweep the sweep the run belongs to, "" for none
 * @param point the label of the sweep point the run belongs to, "" for none
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
    double referenceR2,
    String sweep,
    String point) {

  /** A run outside any sweep. */
  public RunInfo(String run, String objective, int dim, int classes, int instances,
      String conditional, double kappa, String device, String precision, String version,
      double referenceR2) {
    this(run, objective, dim, classes, instances, conditional, kappa, device, precision, version,
        referenceR2, "", "");
  }
}
