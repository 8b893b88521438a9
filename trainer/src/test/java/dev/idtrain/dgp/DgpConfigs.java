package dev.idtrain.dgp;

import dev.idtrain.config.Conditional;
import dev.idtrain.config.Config;
import dev.idtrain.config.ConfigLoader;
import dev.idtrain.config.Marginal;

/** Configurations for the tests: the defaults, or small variants that build quickly. */
final class DgpConfigs {

  private DgpConfigs() {}

  static Config.Dgp defaults() {
    return ConfigLoader.defaults().dgp();
  }

  /** The defaults with a small condition pool, so a process builds in milliseconds. */
  static Config.Dgp small() {
    return with(Marginal.UNIFORM, Conditional.VMF, 5, 100, 2000);
  }

  static Config.Dgp with(Marginal marginal, Conditional conditional, int dim, int classes,
      int pool) {
    Config.Dgp d = defaults();
    return new Config.Dgp(d.kind(), d.continuous(), dim, classes, d.instances(), marginal, d.marginalScale(), conditional,
        d.kappa(), d.noiseScale(), d.generatorLayers(), d.conditionQuantile(), pool);
  }

  static Config.Dgp withMarginal(Marginal marginal, double scale, int classes) {
    Config.Dgp d = defaults();
    return new Config.Dgp(d.kind(), d.continuous(), d.dim(), classes, d.instances(), marginal, scale, d.conditional(),
        d.kappa(), d.noiseScale(), d.generatorLayers(), d.conditionQuantile(), 10);
  }
}
