package dev.idtrain.event;

/**
 * What a run is, for the {@code idtrain_run_info} series and the dashboards' run header.
 *
 * @param referenceR2 the paper's reported R² for this configuration, NaN if the
 *     paper has no matching row
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
    String version,
    double referenceR2) {}
