package dev.idtrain.probe;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.Config;
import dev.idtrain.config.Objective;
import java.util.Map;

/**
 * The R² the paper reports for a configuration (supervised Tab. 3, DIET Tab. 2,
 * means of 5 seeds after long training), for dashboards' reference lines. NaN where the paper
 * has no row for the configuration.
 */
public final class PaperReference {
  private record Row(Objective objective, int dim, int classes, Conditional conditional,
      double concentration, boolean normalizedRows) {}

  private static final Map<Row, Double> R2 = Map.ofEntries(
      Map.entry(supervised(5, 100, Conditional.VMF, 10), 0.998),
      Map.entry(supervised(10, 100, Conditional.VMF, 10), 0.972),
      Map.entry(supervised(20, 100, Conditional.VMF, 10), 0.821),
      Map.entry(supervised(5, 10, Conditional.VMF, 10), 0.975),
      Map.entry(supervised(5, 1000, Conditional.VMF, 10), 0.998),
      Map.entry(supervised(5, 10000, Conditional.VMF, 10), 0.998),
      Map.entry(supervised(5, 100, Conditional.VMF, 5), 0.997),
      Map.entry(supervised(5, 100, Conditional.VMF, 50), 0.655),
      Map.entry(supervised(5, 100, Conditional.LAPLACE, 1.0), 0.854),
      Map.entry(supervised(5, 100, Conditional.NORMAL, 1.0), 0.996),
      Map.entry(diet(5, 100, 10, false), 0.990),
      Map.entry(diet(10, 100, 10, false), 0.930),
      Map.entry(diet(20, 100, 10, false), 0.819),
      Map.entry(diet(5, 10, 10, false), 0.900),
      Map.entry(diet(5, 100, 50, false), 0.725),
      Map.entry(diet(5, 100, 10, true), 0.986));

  /** DIET rows were measured with N = 1000 instances. */
  private static final int DIET_INSTANCES = 1000;

  private PaperReference() {}

  public static double r2(Config config) {
    Config.Dgp dgp = config.dgp();
    Objective objective = config.train().objective();
    if (objective == Objective.DIET && dgp.instances() != DIET_INSTANCES) {
      return Double.NaN;
    }
    // vMF rows are indexed by kappa, Laplace and normal rows by their noise scale.
    double concentration = dgp.conditional() == Conditional.VMF ? dgp.kappa() : dgp.noiseScale();
    Row row = new Row(objective, dgp.dim(), dgp.classes(), dgp.conditional(), concentration,
        objective == Objective.DIET && config.model().normalizeRows());
    return R2.getOrDefault(row, Double.NaN);
  }

  private static Row supervised(int dim, int classes, Conditional conditional, double c) {
    return new Row(Objective.SUPERVISED, dim, classes, conditional, c, false);
  }

  private static Row diet(int dim, int classes, double kappa, boolean normalizedRows) {
    return new Row(Objective.DIET, dim, classes, Conditional.VMF, kappa, normalizedRows);
  }
}
